using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Locksmith;

/// <summary>
/// coreos.locksmith.reboot (kola: the same name, mantle kola/tests/locksmith/locksmith.go): with a reboot strategy
/// that allows it, locksmithd reboots the machine when it is told a reboot is needed (<c>locksmithctl
/// send-need-reboot</c>, the signal update_engine sends after an install), without etcd; the machine comes back
/// healthy. The other half, that the harness's lock-down (<c>REBOOT_STRATEGY=off</c>) keeps locksmithd from rebooting
/// after an install, is asserted by cl.update.payload.
/// </summary>
public sealed class LocksmithReboot
{
    [OsTest("coreos.locksmith.reboot", Requires = PlatformCapabilities.Reboot, TimeoutSeconds = 1200)]
    public async Task Locksmithd_reboots_the_machine_when_a_reboot_is_needed()
    {
        await using var vm = await Session.StartAsync(MachineSpec.FromButaneFile("locksmith/reboot.bu"));
        await vm.WaitForUnitAsync("locksmithd.service");
        var before = await vm.BootIdAsync();

        await vm.SucceedAsync("sudo locksmithctl send-need-reboot");

        await vm.WaitForRebootAsync(before);
        await vm.WaitForUnitAsync("locksmithd.service");
        Assert.Equal("running", await vm.SystemStateAsync());
    }
}
