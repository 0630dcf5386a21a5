using Harness.Machines;
using Harness.Omaha;
using Harness.Updates;
using Harness.Xunit;

namespace Tests.Cl.Update;

/// <summary>cl.update.noupdate: when the server answers noupdate, nothing is downloaded and the slots stay as they were.</summary>
public sealed class UpdateNoUpdate
{
    [OsTest("cl.update.noupdate", Requires = PlatformCapabilities.HostServices, TimeoutSeconds = 1200)]
    public async Task A_noupdate_answer_changes_nothing()
    {
        await using var rig = await UpdateRig.StartWithoutPayloadAsync();
        var (vm, omaha) = (rig.Vm, rig.Omaha);
        var slotA = await vm.UsrSlotAsync("USR-A");
        var slotB = await vm.UsrSlotAsync("USR-B");

        await vm.StartUpdateCheckAsync();
        await vm.WaitUntilSucceedsAsync(
            $"update_engine_client -status | grep -q '^LAST_CHECKED_TIME=[1-9]' && update_engine_client -status | grep -qx CURRENT_OP={MachineUpdates.Idle}");

        // update-engine may check on its own schedule as well (7 min ± 5 after its start): every request is a check
        Assert.NotEmpty(omaha.Exchanges);
        Assert.All(omaha.Exchanges, check =>
        {
            Assert.Equal(rig.OldVersion, check.Request?.Version);
            Assert.True(check.Request?.UpdateCheck, $"the client's request was no update check: {check}");
            Assert.Equal("noupdate (no payload configured)", check.Answer);
        });
        // a fresh machine's first check reports 0.0.0.0, or "" when a scheduled check (SERVER=disabled) already ran
        Assert.Contains(omaha.CheckReports[0], UpdateRig.FreshCheckReports);
        Assert.Empty(omaha.Downloads);
        Assert.Equal("USR-A", await vm.BootedUsrAsync());
        Assert.Equal(slotA, await vm.UsrSlotAsync("USR-A"));
        Assert.Equal(slotB, await vm.UsrSlotAsync("USR-B"));
        await vm.FailAsync("test -e /run/reboot-required");
    }
}
