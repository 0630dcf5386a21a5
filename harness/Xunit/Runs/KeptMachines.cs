using System.Text;
using Harness.Artifacts;
using Harness.Waiting;
using Harness.Xunit.Logging;

namespace Harness.Xunit.Runs;

/// <summary>
/// <c>HARNESS_KEEP_MACHINES</c> after a failed test: its machines (parked by <see cref="ParkingPlatform"/>) stay up and
/// the test holds before reporting, so their QEMU processes (which die with the harness) stay reachable. The harness
/// writes <c>&lt;test&gt;/KEPT.txt</c> with the SSH command of every machine and logs the same to <c>harness.log</c>;
/// deleting the file (or Ctrl-C, or <see cref="MaxHold"/>) destroys them and lets the run go on.
/// </summary>
internal static class KeptMachines
{
    /// <summary>The longest a failed test holds its machines.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromHours(2);

    /// <summary>Name of the marker file in the test folder.</summary>
    public const string MarkerFile = "KEPT.txt";

    public static async Task HoldAsync(
        HarnessRun run,
        OsTestContext test,
        IReadOnlyList<ParkingPlatform.ParkedBackend> parked,
        string secretsFolder,
        CancellationToken abort)
    {
        var marker = Path.Combine(test.ArtifactDirectory, MarkerFile);
        var text = new StringBuilder()
            .AppendLine($"The machines of the failed test {test.Name} are kept running for debugging (HARNESS_KEEP_MACHINES).")
            .AppendLine($"The SSH client key is in {secretsFolder}.");
        foreach (var backend in parked)
        {
            var machine = test.Slots.FirstOrDefault(s => s.Name == backend.Name)?.Machine;
            var command = machine?.SshCommandLine ?? $"(no SSH: started with a raw Ignition config; console in {machine?.ArtifactDir ?? test.ArtifactDirectory})";
            text.AppendLine($"  {backend.Name}: {command}");
            XunitLog.KeepingMachine(run.Logger, backend.Name, test.Name, command, secretsFolder);
            run.Hold(backend);
        }

        text.AppendLine($"Delete this file to destroy them and let the run go on (at the latest after {MaxHold.ToShortText()}; Ctrl-C destroys them too).");
        await AtomicFile.WriteAllTextAsync(marker, text.ToString(), CancellationToken.None);
        XunitLog.HoldingMachines(run.Logger, test.Name, marker);

        try
        {
            await Poll.UntilAsync(
                _ => Task.FromResult(!File.Exists(marker)
                    ? ProbeResult.Done(true, "released")
                    : parked.All(b => b.ExitReason is not null)
                        ? ProbeResult.Done(true, "all kept machines stopped")
                        : ProbeResult.NotYet<bool>($"{marker} still exists")),
                new PollOptions($"{marker} to be deleted") { Timeout = MaxHold, Interval = TimeSpan.FromSeconds(2), TimeProvider = run.Time },
                abort);
        }
        catch (Exception e) when (e is WaitTimeoutException or OperationCanceledException)
        {
            // Held long enough, or the run was aborted: destroy them either way.
        }

        foreach (var backend in parked)
        {
            await run.ReleaseHeldAsync(backend);
        }

        File.Delete(marker);
    }
}
