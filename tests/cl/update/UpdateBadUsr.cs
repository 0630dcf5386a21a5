using Harness.Machines;
using Harness.Omaha;
using Harness.Updates;
using Harness.Waiting;
using Harness.Xunit;

namespace Tests.Cl.Update;

/// <summary>
/// cl.update.badusr: a payload corrupted on the way is refused and never made bootable; an installed /usr whose
/// verity root hash is wrong fails its trial boot (emergency, or a dm-verity panic) and the machine comes back on the
/// old slot. Either way /etc and /var keep what was written before the update.
/// </summary>
public sealed class UpdateBadUsr
{
    [OsTest("cl.update.badusr", Requires = PlatformCapabilities.Reboot | PlatformCapabilities.HostServices, TimeoutSeconds = 2400, FreshBoot = true)]
    [AllowConsole("emergency-mode", Reason = "the trial boot of the slot with the wrong verity hash cannot open /usr and stops in emergency mode before falling back")]
    [AllowConsole("failed-unit", Reason = "the verity setup of the bad slot fails on its trial boot")]
    [AllowConsole("kernel-panic", Reason = "veritysetup may accept the wrong root hash; the first read of the bad slot then panics the kernel (--panic-on-corruption), which reboots into the old slot")]
    [AllowConsole("verity-corruption", Reason = "dm-verity reports the bad slot's blocks as corrupted on its trial boot")]
    public async Task A_bad_payload_or_bad_verity_hash_leaves_the_machine_on_the_old_slot()
    {
        await using var rig = await UpdateRig.StartAsync(new OmahaServerOptions { CorruptPayloadInTransit = true });
        var (vm, omaha) = (rig.Vm, rig.Omaha);
        var firstBoot = await vm.BootIdAsync();
        await vm.SucceedAsync($"echo 'etc {firstBoot}' | sudo tee /etc/kola-badusr && echo 'var {firstBoot}' | sudo tee /var/lib/kola-badusr");

        // 1. the download is corrupted on the way: the operation's SHA-256 fails first (update_engine checks operations
        // as they stream in, the whole payload at the end), the client reports it, flagged "not the production server"
        await vm.StartUpdateCheckAsync();
        var refused = await omaha.WaitForEventAsync(
            "an error report for the corrupted payload",
            e => e is { Type: OmahaEvent.UpdateComplete, Result: OmahaEvent.ResultError } && e.BaseErrorCode != OmahaEvent.RollbackErrorCode,
            TimeSpan.FromMinutes(10));
        Assert.Equal(OmahaEvent.OperationHashMismatchErrorCode, refused.BaseErrorCode);
        Assert.Equal(OmahaEvent.TestOmahaUrlFlag, refused.ErrorFlags & OmahaEvent.TestOmahaUrlFlag);
        await vm.WaitUntilSucceedsAsync($"update_engine_client -status | grep -qx CURRENT_OP={MachineUpdates.Idle}");
        var untouched = await vm.UsrSlotAsync("USR-B");
        Assert.True(untouched is { Priority: 0, Successful: false }, $"after the refused payload: {untouched}");
        await vm.RebootAsync();
        Assert.Equal("USR-A", await vm.BootedUsrAsync());

        // 2. a good payload, but the installed slot's verity root hash is wrong: its one trial boot fails
        await omaha.ReconfigureAsync(omaha.Options with { CorruptPayloadInTransit = false });
        await vm.UpdateAsync(omaha);
        await vm.RunScriptAsync("update/corrupt-usr-hash.sh", "b");
        await vm.RebootAsync(2 * Timeouts.Reboot); // the failed trial boot, then the fallback boot

        Assert.Equal("USR-A", await vm.BootedUsrAsync());
        Assert.Equal(rig.OldVersion, await vm.VersionIdAsync());
        var spent = await vm.UsrSlotAsync("USR-B");
        Assert.True(spent is { Tries: 0, Successful: false }, $"after the failed trial boot: {spent}");
        Assert.Equal($"etc {firstBoot}\n", await vm.SucceedAsync("cat /etc/kola-badusr"));
        Assert.Equal($"var {firstBoot}\n", await vm.SucceedAsync("cat /var/lib/kola-badusr"));
    }
}
