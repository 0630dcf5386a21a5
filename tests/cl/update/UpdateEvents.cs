using Harness.Machines;
using Harness.Omaha;
using Harness.Updates;
using Harness.Xunit;

namespace Tests.Cl.Update;

/// <summary>
/// cl.update.events: the update client reports what update_engine reports — download started (13), download
/// finished (14), update installed (3/1) — and every update check carries update_engine's check report (3/2 with
/// previousversion: 0.0.0.0 on a fresh machine, the version it came from on the first check after rebooting into the
/// update, empty after that; omaha_request_action.cc GetAppBody).
/// </summary>
public sealed class UpdateEvents
{
    [OsTest("cl.update.events", Requires = PlatformCapabilities.Reboot | PlatformCapabilities.HostServices, TimeoutSeconds = 2400, FreshBoot = true)]
    public async Task The_server_receives_the_events_of_an_update_and_the_success_report_after_reboot()
    {
        await using var rig = await UpdateRig.StartAsync();
        var (vm, omaha) = (rig.Vm, rig.Omaha);

        await vm.UpdateAsync(omaha);
        Assert.Equal(
            [
                new OmahaEvent(OmahaEvent.DownloadStarted, OmahaEvent.ResultSuccess, null, null),
                new OmahaEvent(OmahaEvent.DownloadFinished, OmahaEvent.ResultSuccess, null, null),
                new OmahaEvent(OmahaEvent.UpdateComplete, OmahaEvent.ResultSuccess, null, null),
            ],
            omaha.ProgressEvents);
        // a fresh machine's first check reports 0.0.0.0, or "" when a scheduled check (SERVER=disabled) already ran
        Assert.Contains(omaha.CheckReports[0], UpdateRig.FreshCheckReports);
        Assert.All(omaha.Exchanges, e => Assert.Equal(rig.OldVersion, e.Request?.Version));

        await vm.RebootAsync();
        await vm.StartUpdateCheckAsync();
        var success = await omaha.WaitForEventAsync(
            $"the success report after the reboot (3/2 previousversion={rig.OldVersion})",
            e => e is { Type: OmahaEvent.UpdateComplete, Result: OmahaEvent.ResultSuccessReboot } && e.PreviousVersion == rig.OldVersion,
            TimeSpan.FromMinutes(3));
        var report = omaha.Exchanges.Last(e => e.Request?.Events.Contains(success) == true);
        Assert.Equal(rig.Payload.Version, report.Request!.Version);
        Assert.StartsWith("noupdate", report.Answer, StringComparison.Ordinal);

        // the success is reported once: the next check's report names no previous version
        await vm.StartUpdateCheckAsync();
        await omaha.WaitForEventAsync(
            "the next check's report (3/2 previousversion=\"\")",
            e => e is { Type: OmahaEvent.UpdateComplete, Result: OmahaEvent.ResultSuccessReboot, PreviousVersion: "" },
            TimeSpan.FromMinutes(3));
    }
}
