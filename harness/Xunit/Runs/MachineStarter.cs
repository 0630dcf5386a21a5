using Harness.Artifacts;
using Harness.Machines;
using Harness.Scheduling;
using Harness.Xunit.Logging;

namespace Harness.Xunit.Runs;

/// <summary>
/// Starts a test's machines: waits for scheduler capacity (all machines of a cluster at once, ahead of waiting tests
/// with shorter time limits; the wait does not count against the test's time limit), names them
/// (<c>&lt;test&gt;-m1</c>), gives each its folder <c>&lt;run&gt;/&lt;test&gt;/&lt;machine&gt;/</c>, starts them
/// (concurrently; one after another under emulation) and registers them with the test and the run so they are
/// disposed, checked and released whatever the test does. If one fails, the others are disposed too.
/// </summary>
internal static class MachineStarter
{
    public static async Task<IReadOnlyList<Machine>> StartAsync(
        HarnessRun run,
        RunPlatform platform,
        OsTestContext test,
        IReadOnlyList<MachineSpec> specs,
        CancellationToken cancellationToken)
    {
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, test.CancellationToken) : null;
        var token = linked?.Token ?? test.CancellationToken;

        // Long tests (by time limit) go ahead of short ones still waiting, so they do not start last and run alone.
        var priority = (int)Math.Min(int.MaxValue, test.TimeLimit.TotalSeconds);
        var acquire = platform.Scheduler.AcquireAsync([.. specs.Select(s => MachineDemand.From(s.Options))], priority, token);
        if (!acquire.IsCompleted)
        {
            // Queueing is not the test's time: stop its clock while it waits.
            using (test.Deadline.Pause())
            {
                var started = run.Time.GetTimestamp();
                XunitLog.WaitingForCapacity(run.Logger, test.Name, specs.Count, platform.Scheduler.RunningMachines, platform.Scheduler.Waiting, platform.Scheduler.Limits.Explanation);
                await acquire;
                var waited = run.Time.GetElapsedTime(started);
                XunitLog.GotCapacity(run.Logger, test.Name, waited);
            }
        }

        var leases = await acquire;
        var slots = new List<MachineSlot>();
        foreach (var (spec, lease) in specs.Zip(leases))
        {
            var slot = new MachineSlot(ArtifactNames.ForMachine(test.Name, test.ReserveMachineName(spec.Name)), lease, test, run.Unregister);
            test.Track(slot);
            run.Register(slot);
            slots.Add(slot);
        }

        try
        {
            if (slots.Count == 1 && Restores(run, platform.Platform, test, specs[0]))
            {
                await RestoreOneAsync(run, platform, test, slots[0], specs[0], token);
            }
            else if (BootsAtOnce(platform.Platform, slots.Count) > 1)
            {
                await Task.WhenAll(slots.Select((slot, i) => StartOneAsync(run, platform, test, slot, specs[i], token)));
            }
            else
            {
                // Under emulation every boot is CPU-bound, so a cluster's machines boot one after another: three TCG
                // guests booting at once on 2 cores ran out the initramfs' device waits (90 s) and landed in emergency
                // mode, and two at a time took longer than one after another (docs/benchmarks.md, "Cluster boots").
                for (var i = 0; i < slots.Count; i++)
                {
                    await StartOneAsync(run, platform, test, slots[i], specs[i], token);
                }
            }
        }
        catch
        {
            await Task.WhenAll(slots.Select(s => s.DisposeAsync()));
            throw;
        }
        finally
        {
            run.NotePlatformDescription(platform.Platform.Description);
        }

        return [.. slots.Select(s => s.Machine!)];
    }

    /// <summary>How many of a test's machines boot at once: all of them with hardware acceleration, one under emulation.</summary>
    internal static int BootsAtOnce(IPlatform platform, int machines) => platform.HardwareAccelerated ? Math.Max(1, machines) : 1;

    /// <summary>
    /// Whether a test's single machine is restored from a template rather than booted: restoring is on
    /// (<c>HARNESS_RESTORE</c>), the platform can save machines, the test does not ask for a fresh boot, and the spec
    /// can be a template (typed Ignition, no private network). A cluster always boots: its machines need identities
    /// of their own.
    /// </summary>
    internal static bool Restores(HarnessRun run, IPlatform platform, OsTestContext test, MachineSpec spec) =>
        run.Settings.Restore
        && platform.Capabilities.HasFlag(PlatformCapabilities.Snapshots)
        && !test.Metadata.FreshBoot
        && MachineTemplate.Supports(spec);

    private static async Task RestoreOneAsync(HarnessRun run, RunPlatform platform, OsTestContext test, MachineSlot slot, MachineSpec spec, CancellationToken token)
    {
        try
        {
            var context = NewContext(run, platform, test, slot.Name, run.Folder.CreateMachineFolder(test.ArtifactDirectory, slot.Name), slot.OnDisposing);
            var key = MachineTemplate.KeyFor(spec, platform.Platform, platform.ClientKey, test.Metadata.ConsoleOptOuts);
            var (machine, _) = await platform.Templates.UseAsync(
                key,
                ct =>
                {
                    // The template's evidence (its first boot's console) lives in the folder of the test that booted it.
                    var name = ArtifactNames.ForMachine(test.Name, "template-" + key[..8]);
                    var templateContext = NewContext(run, platform, test, name, run.Folder.CreateMachineFolder(test.ArtifactDirectory, name), test.AddFindings);
                    return Machine.CreateTemplateAsync(platform.Platform, spec, templateContext, ct);
                },
                (template, ct) => Machine.RestoreAsync(platform.Platform, template, context, ct),
                token,
                pauseWhileWaiting: test.Deadline.Pause);
            slot.Attach(machine);
        }
        catch
        {
            slot.Release();
            throw;
        }
    }

    private static MachineContext NewContext(
        HarnessRun run, RunPlatform platform, OsTestContext test, string name, string folder, Action<IReadOnlyList<Harness.ConsoleChecks.ConsoleFinding>> findings) =>
        new(name, folder, platform.ClientKey)
        {
            LoggerFactory = run.LoggerFactory,
            TimeProvider = run.Time,
            ConsoleOptOuts = test.Metadata.ConsoleOptOuts,
            ReportConsoleFindings = findings,
        };

    private static async Task StartOneAsync(HarnessRun run, RunPlatform platform, OsTestContext test, MachineSlot slot, MachineSpec spec, CancellationToken token)
    {
        try
        {
            var context = NewContext(run, platform, test, slot.Name, run.Folder.CreateMachineFolder(test.ArtifactDirectory, slot.Name), slot.OnDisposing);
            slot.Attach(await Machine.StartAsync(platform.Platform, spec, context, token));
        }
        catch
        {
            // Machine.StartAsync cleaned up what it created; give the capacity back.
            slot.Release();
            throw;
        }
    }
}
