using Harness.Machines;
using Harness.Omaha;
using Harness.Updates;
using Harness.Xunit;

namespace Tests.Cl.Update;

/// <summary>
/// cl.update.rollback: a new slot that is never marked good gets exactly one boot; the next boot is back on the old
/// slot and version, and the update engine reports the rollback to the server.
/// </summary>
public sealed class UpdateRollback
{
    [OsTest("cl.update.rollback", Requires = PlatformCapabilities.Reboot | PlatformCapabilities.HostServices, TimeoutSeconds = 2400, FreshBoot = true)]
    public async Task A_new_slot_never_marked_good_falls_back_after_its_one_try()
    {
        await using var rig = await UpdateRig.StartAsync();
        var (vm, omaha) = (rig.Vm, rig.Omaha);

        await vm.UpdateAsync(omaha);
        // update-engine.service marks a booted slot good after a healthy boot; without it nothing does
        await vm.SucceedAsync("sudo systemctl mask update-engine.service");

        await vm.RebootAsync();
        Assert.Equal("USR-B", await vm.BootedUsrAsync());
        Assert.Equal(rig.Payload.Version, await vm.VersionIdAsync());
        var trial = await vm.UsrSlotAsync("USR-B");
        Assert.True(trial is { Tries: 0, Successful: false }, $"during the trial boot: {trial}");

        await vm.RebootAsync();
        Assert.Equal("USR-A", await vm.BootedUsrAsync());
        Assert.Equal(rig.OldVersion, await vm.VersionIdAsync());
        var spent = await vm.UsrSlotAsync("USR-B");
        Assert.True(spent is { Tries: 0, Successful: false }, $"after the rollback: {spent}");
        var old = await vm.UsrSlotAsync("USR-A");
        Assert.True(old is { Successful: true }, $"after the rollback: {old}");

        // the next check carries the report that the update did not stick (update_engine's rollback error code 44, no flags)
        await omaha.ReconfigureAsync(omaha.Options with { Offer = OmahaOffer.Never });
        await vm.SucceedAsync("sudo systemctl unmask update-engine.service && sudo systemctl start update-engine.service");
        await vm.StartUpdateCheckAsync();
        await omaha.WaitForEventAsync(
            "the rollback report (event 3, result 0, errorcode 44)",
            e => e is { Type: OmahaEvent.UpdateComplete, Result: OmahaEvent.ResultError, ErrorCode: OmahaEvent.RollbackErrorCode },
            TimeSpan.FromMinutes(3));
        Assert.Contains(omaha.CheckReports, e => e.ErrorCode == OmahaEvent.RollbackErrorCode);
    }
}
