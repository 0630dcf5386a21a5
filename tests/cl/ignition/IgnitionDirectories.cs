using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Ignition;

/// <summary>cl.ignition.directories: directories from Ignition — mode, owner by name and id, nested paths.</summary>
public sealed class IgnitionDirectories
{
    [OsTest("cl.ignition.directories", FreshBoot = true)]
    public async Task Directories_take_mode_and_owner_from_Ignition_and_get_their_parents_created()
    {
        var spec = MachineSpec.FromButaneFile("ignition/directories.bu");
        await using var vm = await Session.StartAsync(spec);

        Assert.Equal("directory 700 root:root", await StatAsync(vm, "/var/lib/kola/private"));
        Assert.Equal("directory 775 koladirs:koladirsgroup", await StatAsync(vm, "/var/lib/kola/shared"));
        Assert.Equal("2700:2701", await vm.OutputAsync("stat -c '%u:%g' /var/lib/kola/shared"));
        Assert.Equal("directory 750 4242:4343", await vm.OutputAsync("sudo stat -c '%F %a %u:%g' /var/lib/kola/by-id"));

        // only the leaf was declared; the parents Ignition created are root's, 0755
        Assert.Equal("directory 710 root:root", await StatAsync(vm, "/var/lib/kola/nested/a/b/leaf"));
        Assert.Equal("directory 755 root:root", await StatAsync(vm, "/var/lib/kola/nested/a/b"));
        Assert.Equal("directory 755 root:root", await StatAsync(vm, "/var/lib/kola/nested/a"));
        Assert.Equal("directory 755 root:root", await StatAsync(vm, "/var/lib/kola/nested"));

        // a declared directory that also holds a declared file
        Assert.Equal("directory 755 root:root", await StatAsync(vm, "/etc/kola/conf.d"));
        Assert.Equal("regular file 600 root:root", await StatAsync(vm, "/etc/kola/conf.d/10-kola.conf"));
        Assert.Equal("inside a declared directory\n", await vm.SucceedAsync("sudo cat /etc/kola/conf.d/10-kola.conf"));
    }

    private static async Task<string> StatAsync(Machine vm, string path) =>
        await vm.OutputAsync($"sudo stat -c '%F %a %U:%G' {path}");
}
