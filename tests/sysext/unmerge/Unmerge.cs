using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Unmerge;

/// <summary>
/// sysext.unmerge: <c>systemd-sysext unmerge</c> removes the overlay — the extension's files are gone, <c>/usr</c> is
/// the verity mount again with the same content as before the merge, and status says nothing is merged.
/// </summary>
public sealed class Unmerge
{
    [OsTest("sysext.unmerge")]
    public async Task Unmerge_restores_the_plain_verity_usr()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var spec = await SysextSpec.Create("hello").WithFilesFrom(Assets.Path("raw/tree")).ForMachineAsync(vm);
        var image = await new SysextBuilder().BuildAsync(spec, SysextWork.Folder());
        await vm.CopyToAsync(Assets.Path("Support/usr-fingerprint.sh"), "/tmp/usr-fingerprint.sh");
        var before = await vm.SucceedAsync("sudo bash /tmp/usr-fingerprint.sh");
        var verity = (await vm.SucceedAsync("findmnt -rn -o SOURCE /usr")).Trim();

        await vm.InstallSysextAsync(image);
        await vm.RefreshSysextAsync();
        Assert.Equal(["hello"], await vm.MergedSysextsAsync());
        Assert.Equal("overlay", (await vm.SucceedAsync("findmnt -rn -o FSTYPE /usr | tail -n1")).Trim());

        var unmerge = await vm.UnmergeSysextAsync();

        Assert.True((await vm.MergedSysextsAsync()).Count == 0, $"still merged after unmerge (exit {unmerge.ExitCode}):\n{unmerge.Stderr}");
        Assert.Equal(verity, (await vm.SucceedAsync("findmnt -rn -o SOURCE /usr")).Trim());
        Assert.Equal(1, int.Parse((await vm.SucceedAsync("findmnt -rn -o TARGET /usr | wc -l")).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("absent", (await vm.SucceedAsync("test -e /usr/bin/hello-sysext && echo present || echo absent")).Trim());
        Assert.Empty((await vm.SysextStatusAsync()).MergedInto("/usr"));
        Assert.Equal(before, await vm.SucceedAsync("sudo bash /tmp/usr-fingerprint.sh"));
        // the image stays installed: unmerge is not uninstall
        Assert.Equal(image.GuestImagePath, (await vm.SucceedAsync("readlink /etc/extensions/hello.raw")).Trim());
    }
}
