using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Simple;

/// <summary>
/// sysext.simple (kola: sysext.simple): a directory extension in <c>/etc/extensions/test</c> whose release file
/// carries the machine's ID and SYSEXT_LEVEL is merged into <c>/usr</c> beside the extensions the OS merged at boot
/// when systemd-sysext.service is restarted (as kola does: on Flatcar the service is already active), and merged
/// again at the next restart.
/// </summary>
public sealed class Simple
{
    [OsTest("sysext.simple")]
    public async Task Directory_extension_is_merged_into_usr_and_survives_a_service_restart()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var boot = await vm.SysextSnapshotAsync();
        var spec = (await SysextSpec.Create("test").WithFormat(SysextFormat.Directory)
            .WithFilesFrom(Assets.Path("simple/tree"))
            .ForMachineAsync(vm));
        var image = await new SysextBuilder().BuildAsync(spec, SysextWork.Folder());
        Assert.Equal("absent", await vm.OutputAsync("test -e /usr/hello-sysext && echo present || echo absent"));

        await vm.InstallSysextAsync(image);
        // merged the way a boot merges it: by systemd-sysext.service (ExecStop unmerges, ExecStart merges everything)
        await vm.SucceedAsync("sudo systemctl restart systemd-sysext.service");

        var merged = await vm.SysextSnapshotAsync();
        if (merged.AddedSince(boot) is not ["test"] || merged.RemovedSince(boot).Count != 0)
        {
            Assert.Fail($"expected 'test' merged beside the boot's extensions: {merged.Describe(boot)}; the service said:\n{await vm.JournalAsync("-b -u systemd-sysext.service -o cat")}");
        }
        Assert.Equal("sysext works\n", await vm.SucceedAsync("cat /usr/hello-sysext"));
        Assert.Contains("test", merged.Status.MergedInto("/usr"));
        Assert.Equal(new SysextListEntry("test", "directory", "/etc/extensions/test"), merged.Find("test"));

        // and once more: unmerge (ExecStop), then merge again (ExecStart) from /etc/extensions
        await vm.SucceedAsync("sudo systemctl restart systemd-sysext.service");
        Assert.Equal("sysext works\n", await vm.SucceedAsync("cat /usr/hello-sysext"));
        var again = await vm.SysextSnapshotAsync();
        Assert.True(again.AddedSince(boot) is ["test"] && again.RemovedSince(boot).Count == 0, again.Describe(boot));
        Assert.Equal("active", (await vm.UnitStateAsync("systemd-sysext.service")).ActiveState);
    }
}
