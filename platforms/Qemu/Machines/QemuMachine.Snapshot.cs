using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Failures;
using Harness.Machines;
using Harness.Waiting;

namespace Harness.Platforms.Qemu;

/// <summary>
/// Saving a running machine (QMP <c>stop</c>, <c>migrate</c> to a file, <c>quit</c>; its overlay, firmware variables
/// and extra disks moved beside the state, read-only) and waiting for a restored one to run.
/// </summary>
public sealed partial class QemuMachine
{
    /// <summary>The migration stream (memory and device state) in a snapshot folder.</summary>
    internal const string SnapshotStateFile = "state.bin";

    /// <summary>The frozen primary disk in a snapshot folder; restored machines' overlays sit on it.</summary>
    internal const string SnapshotDiskFile = "disk.qcow2";

    // QEMU 7.2 limits a migration to 128 MiB/s by default; a stopped machine written to a local file needs no limit.
    private const long SnapshotBandwidth = 64L * 1024 * 1024 * 1024;
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Creates (and registers for deletion) a new folder for a snapshot; set by the platform.</summary>
    internal Func<string>? NewSnapshotFolder { get; init; }

    /// <summary>The number of extra disks (moved into a snapshot with the primary one).</summary>
    internal int ExtraDiskCount { get; init; }

    /// <summary>The firmware variables' format (the file name in a snapshot folder depends on it).</summary>
    internal DiskFormat VarsFormat { get; init; }

    /// <summary>The platform's fingerprint at creation (<see cref="QemuSetup.Fingerprint"/>).</summary>
    internal string Fingerprint { get; init; } = "";

    /// <summary>The options the machine was created with.</summary>
    internal MachineOptions Options { get; init; } = MachineOptions.Default;

    /// <summary>A snapshot folder's copy of the firmware variables.</summary>
    internal static string SnapshotVarsFile(DiskFormat format) => format == DiskFormat.Qcow2 ? "vars.qcow2" : "vars.fd";

    /// <summary>A snapshot folder's copy of extra disk <paramref name="index"/> (0-based).</summary>
    internal static string SnapshotExtraDiskFile(int index) => $"disk{(index + 1).ToString(CultureInfo.InvariantCulture)}.qcow2";

    public async Task<MachineSnapshot> SaveSnapshotAsync(CancellationToken cancellationToken)
    {
        var newFolder = NewSnapshotFolder ?? throw new NotSupportedException($"machine {Name} was created without a place for snapshots");
        await _power.WaitAsync(cancellationToken);
        string? folder = null;
        try
        {
            if (_exitReason is { } reason)
            {
                throw new InfrastructureException($"cannot save {Name}: {reason}");
            }

            var clock = Stopwatch.StartNew();
            // From here on the machine is going away: its exit is neither a reset to power-cycle nor news to log.
            _stopping = true;
            var run = _run;
            folder = newFolder();
            var state = Path.Combine(folder, SnapshotStateFile);
            await run.Qmp.ExecuteAsync("stop", null, cancellationToken);
            await run.Qmp.ExecuteAsync("migrate-set-parameters", new JsonObject { ["max-bandwidth"] = SnapshotBandwidth }, cancellationToken);
            await run.Qmp.ExecuteAsync("migrate", new JsonObject { ["uri"] = "exec:cat > " + QemuCommandLine.ShellQuote(state) }, cancellationToken);
            await WaitForMigrationAsync(run.Qmp, cancellationToken);
            await run.Qmp.QuitAsync(cancellationToken, TimeSpan.FromSeconds(5));
            if (!await TaskWait.QuietlyAsync(run.Process.Exited, _shutdownGrace))
            {
                await run.Process.KillAsync(TimeSpan.FromSeconds(10));
            }

            // QEMU has written everything out: the disks are consistent with the saved memory.
            MoveFrozen(_layout.Overlay, Path.Combine(folder, SnapshotDiskFile));
            MoveFrozen(_layout.FirmwareVars(VarsFormat), Path.Combine(folder, SnapshotVarsFile(VarsFormat)));
            for (var i = 0; i < ExtraDiskCount; i++)
            {
                MoveFrozen(_layout.ExtraDisk(i), Path.Combine(folder, SnapshotExtraDiskFile(i)));
            }

            MoveFrozen(state, state);
            var size = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
            Log.SnapshotSaved(_logger, Name, size / (1024 * 1024), clock.Elapsed.TotalSeconds, folder);
            return new MachineSnapshot(QemuPlatform.PlatformName, folder, Fingerprint, Options, size);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (folder is not null)
            {
                StaleSweeper.TryDelete(folder, _logger);
            }

            if (e is InfrastructureException)
            {
                throw;
            }

            throw new InfrastructureException($"could not save {Name}: {e.Message}\n  artifacts: {_layout.ArtifactDir}", e);
        }
        finally
        {
            _power.Release();
        }
    }

    /// <summary>
    /// Waits until a machine started with <c>-incoming</c> has loaded its state and runs (QEMU starts it by itself
    /// once the stream is in; a machine left paused is continued).
    /// </summary>
    internal async Task WaitUntilResumedAsync(CancellationToken cancellationToken)
    {
        var qmp = _run.Qmp;
        try
        {
            await Poll.UntilAsync<string>(
                async ct =>
                {
                    if (_exitReason is { } reason)
                    {
                        throw new InfrastructureException($"{Name} stopped while resuming its saved state: {reason}\n  artifacts: {_layout.ArtifactDir}");
                    }

                    var status = await qmp.QueryStatusAsync(ct);
                    switch (status)
                    {
                        case "running":
                            return ProbeResult.Done(status);
                        case "paused" or "postmigrate":
                            await qmp.ExecuteAsync("cont", null, ct);
                            return ProbeResult.NotYet<string>($"status {status}; continued");
                        default:
                            return ProbeResult.NotYet<string>($"status {status}");
                    }
                },
                new PollOptions("the saved state to load") { Where = Name, Timeout = ResumeTimeout, Interval = TimeSpan.FromMilliseconds(100) },
                cancellationToken);
        }
        catch (WaitTimeoutException e)
        {
            throw new InfrastructureException($"{e.Message}\n  qemu output: {Tail(SharedFile.ReadAllText(_layout.QemuOutput), 5)}\n  artifacts: {_layout.ArtifactDir}", e);
        }
        catch (QmpException e)
        {
            throw new InfrastructureException(
                $"{Name} did not resume its saved state: {e.Message}; qemu output: {Tail(SharedFile.ReadAllText(_layout.QemuOutput), 5)}\n  artifacts: {_layout.ArtifactDir}", e);
        }
    }

    private static async Task WaitForMigrationAsync(QmpClient qmp, CancellationToken cancellationToken)
    {
        try
        {
            await Poll.UntilAsync<string>(
                async ct =>
                {
                    var info = await qmp.ExecuteAsync("query-migrate", null, ct);
                    var status = info?["status"]?.GetValue<string>() ?? "(none)";
                    return status switch
                    {
                        "completed" => ProbeResult.Done(status),
                        "failed" or "cancelled" => throw new InfrastructureException(
                            $"saving the machine's state {status}: {info?["error-desc"]?.GetValue<string>() ?? "QEMU gave no reason"}"),
                        _ => ProbeResult.NotYet<string>($"migration {status}"),
                    };
                },
                new PollOptions("QEMU to write the machine's state") { Timeout = SnapshotTimeout, Interval = TimeSpan.FromMilliseconds(100) },
                cancellationToken);
        }
        catch (WaitTimeoutException e)
        {
            throw new InfrastructureException(e.Message, e);
        }
    }

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/> and makes it read-only for everyone.</summary>
    private static void MoveFrozen(string from, string to)
    {
        if (from != to)
        {
            File.Move(from, to);
        }

        File.SetUnixFileMode(to, UnixFileMode.UserRead);
    }
}
