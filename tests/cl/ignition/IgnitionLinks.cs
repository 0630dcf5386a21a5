using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Ignition;

/// <summary>cl.ignition.links (kola: cl.ignition.symlink): symbolic and hard links from Ignition.</summary>
public sealed class IgnitionLinks
{
    [OsTest("cl.ignition.links", FreshBoot = true)]
    public async Task Symbolic_and_hard_links_point_where_Ignition_says()
    {
        var spec = MachineSpec.FromButaneFile("ignition/links.bu");
        await using var vm = await Session.StartAsync(spec);

        // symbolic links keep their target text verbatim, absolute or relative, and resolve to the file
        Assert.Equal("/etc/kola/link-target", await ReadLinkAsync(vm, "/etc/kola/symlink-absolute"));
        Assert.Equal("the link target\n", await vm.SucceedAsync("cat /etc/kola/symlink-absolute"));
        Assert.Equal("../link-target", await ReadLinkAsync(vm, "/etc/kola/sub/symlink-relative"));
        Assert.Equal("the link target\n", await vm.SucceedAsync("cat /etc/kola/sub/symlink-relative"));

        // a dangling link is created all the same
        Assert.Equal("/nonexistent/kola", await ReadLinkAsync(vm, "/etc/kola/symlink-dangling"));
        await vm.FailAsync("test -e /etc/kola/symlink-dangling");

        // the hard link is the target's inode: same inode number, two names
        var target = await vm.OutputAsync("stat -c '%i %h %F' /etc/kola/link-target");
        var hard = await vm.OutputAsync("stat -c '%i %h %F' /etc/kola/hardlink");
        Assert.Equal(target, hard);
        Assert.EndsWith(" 2 regular file", hard, StringComparison.Ordinal);

        // kola's cl.ignition.symlink: the image's /etc/localtime replaced by a link to another zone
        Assert.Equal("/usr/share/zoneinfo/Europe/Zurich", await ReadLinkAsync(vm, "/etc/localtime"));
    }

    private static async Task<string> ReadLinkAsync(Machine vm, string path)
    {
        Assert.Equal("symbolic link", await vm.OutputAsync($"stat -c '%F' {path}"));
        return await vm.OutputAsync($"readlink {path}");
    }
}
