using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Flip;

/// <summary>
/// sysext.symlink-flip: the sysupdate pattern from Flatcar's talks — two versions side by side in
/// <c>/opt/extensions/flip/</c>, the link <c>/etc/extensions/flip.raw</c> repointed and <c>systemd-sysext refresh</c>
/// switches the merged content to the other version, and back.
/// </summary>
public sealed class SymlinkFlip
{
    [OsTest("sysext.symlink-flip")]
    public async Task Repointing_the_link_and_refreshing_switches_the_merged_version()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var boot = await vm.SysextSnapshotAsync();
        var builder = new SysextBuilder();
        var folder = SysextWork.Folder();
        var v1 = await builder.BuildAsync(await Version("1", vm), folder);
        var v2 = await builder.BuildAsync(await Version("2", vm), folder);

        await vm.InstallSysextAsync(v1);
        await vm.RefreshSysextAsync();
        Assert.Equal("1\n", await vm.SucceedAsync("cat /usr/share/flip/version"));

        // the update: a new version beside the old one, then the link flip and a refresh
        await vm.InstallSysextAsync(v2);
        Assert.Equal("1\n", await vm.SucceedAsync("cat /usr/share/flip/version"));
        var refresh = await vm.RefreshSysextAsync();
        Assert.True((await vm.SucceedAsync("cat /usr/share/flip/version")) == "2\n", $"still version 1 after the flip; refresh said:\n{refresh.Stderr}");
        Assert.Equal(["flip"], (await vm.SysextSnapshotAsync()).AddedSince(boot));
        Assert.Equal(v2.GuestImagePath, await vm.OutputAsync("readlink /etc/extensions/flip.raw"));
        Assert.Equal($"{v1.FileName}\n{v2.FileName}\n", await vm.SucceedAsync("ls -1 /opt/extensions/flip"));

        // and a rollback is the same move the other way
        await vm.LinkSysextAsync(v1);
        await vm.RefreshSysextAsync();
        Assert.Equal("1\n", await vm.SucceedAsync("cat /usr/share/flip/version"));
        var rolledBack = await vm.SysextSnapshotAsync();
        Assert.True(rolledBack.AddedSince(boot) is ["flip"] && rolledBack.RemovedSince(boot).Count == 0, rolledBack.Describe(boot));
    }

    private static async Task<SysextSpec> Version(string version, Machine vm) =>
        await SysextSpec.Create("flip").WithVersion(version).WithFilesFrom(Assets.Path($"flip/tree-{version}")).ForMachineAsync(vm);
}
