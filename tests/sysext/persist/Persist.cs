using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Persist;

/// <summary>
/// sysext.persist: an extension installed on a running machine is merged again by systemd-sysext.service on the next
/// boot (a new boot id), beside the extensions the OS merges itself, without the test doing anything.
/// </summary>
public sealed class Persist
{
    [OsTest("sysext.persist", Requires = PlatformCapabilities.Reboot)]
    public async Task Installed_extension_is_merged_again_after_a_reboot()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var boot = await vm.SysextSnapshotAsync();
        var spec = await SysextSpec.Create("hello").WithFilesFrom(Assets.Path("raw/tree")).ForMachineAsync(vm);
        var image = await new SysextBuilder().BuildAsync(spec, SysextWork.Folder());
        await vm.InstallSysextAsync(image);
        await vm.RefreshSysextAsync();
        var merged = await vm.SysextSnapshotAsync();
        Assert.True(merged.AddedSince(boot) is ["hello"] && merged.RemovedSince(boot).Count == 0, merged.Describe(boot));
        var firstBoot = await vm.BootIdAsync();

        var secondBoot = await vm.RebootAsync();

        Assert.NotEqual(firstBoot, secondBoot);
        var rebooted = await vm.SysextSnapshotAsync();
        Assert.True(rebooted.AddedSince(boot) is ["hello"] && rebooted.RemovedSince(boot).Count == 0, rebooted.Describe(boot));
        Assert.Equal("hello from a raw system extension\n", await vm.SucceedAsync("hello-sysext"));
        Assert.Contains("Merged extensions into '/usr'", await vm.JournalAsync("-b -u systemd-sysext.service -o cat"), StringComparison.Ordinal);
    }
}
