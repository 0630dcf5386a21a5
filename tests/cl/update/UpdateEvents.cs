using Harness.Machines;
using Harness.Omaha;
using Harness.Updates;
using Harness.Xunit;

namespace Tests.Cl.Update;

/// <summary>
/// cl.update.events: the update client reports what update_engine reports — download started (13), download
/// finished (14), update installed (3/1) — and, on its first check after rebooting into the new version, the success
/// report (3/2) naming the version it came from.
/// </summary>
public sealed class UpdateEvents
{
    [OsTest("cl.update.events", Requires = PlatformCapabilities.Reboot | PlatformCapabilities.HostServices, TimeoutSeconds = 2400)]
    public async Task The_server_receives_the_events_of_an_update_and_the_success_report_after_reboot()
    {
        await using var rig = await UpdateRig.StartAsync();
        var (vm, omaha) = (rig.Vm, rig.Omaha);

        await vm.UpdateAsync(omaha);
        await omaha.WaitForEventAsync("the installed report (3/1)", e => e is { Type: OmahaEvent.UpdateComplete, Result: OmahaEvent.ResultSuccess }, TimeSpan.FromMinutes(1));
        Assert.Equal(
            [
                new OmahaEvent(OmahaEvent.DownloadStarted, OmahaEvent.ResultSuccess, null, null),
                new OmahaEvent(OmahaEvent.DownloadFinished, OmahaEvent.ResultSuccess, null, null),
                new OmahaEvent(OmahaEvent.UpdateComplete, OmahaEvent.ResultSuccess, null, null),
            ],
            omaha.Events);
        Assert.All(omaha.Exchanges, e => Assert.Equal(rig.OldVersion, e.Request?.Version));

        await vm.RebootAsync();
        await vm.StartUpdateCheckAsync();
        var success = await omaha.WaitForEventAsync(
            "the success report after the reboot (3/2)",
            e => e is { Type: OmahaEvent.UpdateComplete, Result: OmahaEvent.ResultSuccessReboot },
            TimeSpan.FromMinutes(3));
        Assert.Equal(rig.OldVersion, success.PreviousVersion);
        var report = omaha.Exchanges.Last(e => e.Request?.Events.Contains(success) == true);
        Assert.Equal(rig.Payload.Version, report.Request!.Version);
        Assert.StartsWith("noupdate", report.Answer, StringComparison.Ordinal);
    }
}
