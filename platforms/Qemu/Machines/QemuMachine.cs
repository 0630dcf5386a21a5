using System.Diagnostics;
using System.Globalization;
using Harness.Failures;
using Harness.Machines;
using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Qemu;

/// <summary>
/// One QEMU virtual machine: a qcow2 overlay over the base image, a copy of the firmware variables, Ignition via
/// fw_cfg, SSH forwarded from a 127.0.0.1 port, the serial console captured into <c>console.txt</c>, and QMP for
/// power control. Created by <see cref="QemuPlatform.CreateMachineAsync"/>; disposal quits QEMU (killing it after
/// <see cref="QemuOptions.ShutdownGrace"/>) and deletes the overlay, variables and socket, keeping the artifacts
/// (<c>console.txt</c>, <c>ignition.json</c>, <c>qemu-cmdline.txt</c>, <c>qemu-stderr.txt</c>).
/// </summary>
/// <remarks>
/// A reset (the guest's reboot, or <see cref="ResetAsync"/>) is a power cycle: QEMU runs with
/// <c>-action reboot=shutdown</c>, so it exits on a reset, and the machine starts it again with the same command line
/// (the same overlay, firmware variables, SSH port and console file). Under TCG, OVMF spends 35–90 s on a warm reset
/// against 9 s on a cold start (docs/benchmarks.md); the guest sees the same thing either way: its disks and EFI
/// variables as it left them, fresh RAM.
/// </remarks>
public sealed partial class QemuMachine : IMachineBackend
{
    private static readonly TimeSpan RelaunchPortWait = TimeSpan.FromSeconds(1);
    private const int RelaunchAttempts = 3;

    private readonly MachineLayout _layout;
    private readonly SemaphoreSlim _power = new(1, 1);
    private volatile QemuRun _run;
    private readonly string _recordPath;
    private readonly TimeSpan _shutdownGrace;
    private readonly ILogger _logger;
    private readonly Action<QemuMachine> _onDisposed;
    private readonly Task _exitWatch;
    private readonly Lock _disposeLock = new();
    private Task? _dispose;
    private volatile bool _stopping;
    private volatile string? _exitReason;
    private volatile bool _privateLinkUp = true;
    private int _powerCycles;

    private QemuMachine(
        string name, MachineLayout layout, SshEndpoint ssh, QemuRun run,
        string recordPath, TimeSpan shutdownGrace, ILogger logger, Action<QemuMachine> onDisposed)
    {
        Name = name;
        _layout = layout;
        Ssh = ssh;
        Console = new QemuConsoleLog(layout.Console);
        _run = run;
        _recordPath = recordPath;
        _shutdownGrace = shutdownGrace;
        _logger = logger;
        _onDisposed = onDisposed;
        _exitWatch = WatchExitAsync();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public SshEndpoint Ssh { get; }

    /// <inheritdoc cref="IMachineBackend.Console" />
    public QemuConsoleLog Console { get; }

    IConsoleLog IMachineBackend.Console => Console;

    /// <inheritdoc />
    public string? ExitReason => _exitReason;

    /// <summary>Pid of the current QEMU process (a new one after each reset).</summary>
    public int QemuPid => _run.Pid;

    /// <summary>How many times QEMU was started again after a reset.</summary>
    public int PowerCycles => Volatile.Read(ref _powerCycles);

    /// <summary>What starting QEMU again takes; set once by <see cref="StartAsync"/>.</summary>
    private QemuRelaunch? Relaunch { get; init; }

    /// <summary>The machine's artifact folder (console, Ignition config, command line, QEMU output).</summary>
    public string ArtifactDir => _layout.ArtifactDir;

    /// <summary>The machine's disposable files (overlay, variables, extra disks); deleted on dispose.</summary>
    internal string StateDir => _layout.StateDir;

    /// <summary>The QMP socket; deleted on dispose.</summary>
    internal string QmpSocket => _layout.QmpSocket;

    /// <summary>Completes when QEMU has exited.</summary>
    internal Task Exited => _exitWatch;

    /// <summary>
    /// Hard reset through QMP <c>system_reset</c>. Returns at once; QEMU exits and the machine starts it again, so the
    /// guest boots from the firmware on.
    /// </summary>
    /// <exception cref="InfrastructureException">QEMU is not running or did not accept the command.</exception>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await _power.WaitAsync(cancellationToken);
        try
        {
            if (_exitReason is { } reason)
            {
                throw new InfrastructureException($"cannot reset {Name}: {reason}");
            }

            Log.MachineReset(_logger, Name);
            await _run.Qmp.SystemResetAsync(cancellationToken);
        }
        catch (QmpException e) when (e.ConnectionClosed)
        {
            // QEMU exits on a reset (-action reboot=shutdown) and may close the monitor before its answer arrives:
            // the reset happened; the exit watcher starts QEMU again, or records why the machine is gone.
        }
        catch (QmpException e)
        {
            throw new InfrastructureException($"could not reset {Name}: {e.Message}", e);
        }
        finally
        {
            _power.Release();
        }
    }

    /// <summary>Whether the machine has a second NIC on a private network (<see cref="MachineLaunch.PrivateNic"/>).</summary>
    internal bool HasPrivateNic { get; init; }

    /// <summary>QMP <c>set_link</c> on the private NIC: down cuts carrier and traffic both ways, up restores them.</summary>
    /// <exception cref="InvalidOperationException">The machine has no private NIC.</exception>
    /// <exception cref="InfrastructureException">QEMU is not running or did not accept the command.</exception>
    public async Task SetPrivateLinkAsync(bool up, CancellationToken cancellationToken)
    {
        if (!HasPrivateNic)
        {
            throw new InvalidOperationException($"machine {Name} has no private NIC to cut");
        }

        await _power.WaitAsync(cancellationToken);
        try
        {
            if (_exitReason is { } reason)
            {
                throw new InfrastructureException($"cannot change the private link of {Name}: {reason}");
            }

            Log.PrivateLink(_logger, Name, up ? "up" : "down");
            await _run.Qmp.SetLinkAsync(QemuPrivateNetwork.NetdevId, up, cancellationToken);
            _privateLinkUp = up;
        }
        catch (QmpException e)
        {
            throw new InfrastructureException($"could not set the private link of {Name} {(up ? "up" : "down")}: {e.Message}", e);
        }
        finally
        {
            _power.Release();
        }
    }

    /// <summary>Makes sure <c>qemu-cmdline.txt</c> is in the artifact folder (written at start). Never throws.</summary>
    public Task CollectArtifactsAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_layout.CommandLine))
        {
            Log.CleanupFailed(_logger, _layout.CommandLine, "missing from the artifact folder");
        }

        return Task.CompletedTask;
    }

    /// <summary>Quits QEMU (QMP <c>quit</c>, then SIGKILL after the grace period) and deletes the machine's state. Idempotent; never throws.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_disposeLock)
        {
            _dispose ??= DisposeCoreAsync();
            return new ValueTask(_dispose);
        }
    }

    /// <summary>Why QEMU stopped, for <see cref="ExitReason"/>.</summary>
    internal static string DescribeExit(int exitCode, string output, bool stoppedByHarness, string? shutdownReason = null)
    {
        if (stoppedByHarness)
        {
            return "qemu was shut down by the harness (machine disposed)";
        }

        var tail = Tail(output, 5);
        var suffix = tail.Length > 0 ? ": " + tail : "";
        return exitCode switch
        {
            0 when shutdownReason is null or "guest-shutdown" => "qemu exited with code 0 (the guest powered off)" + suffix,
            0 => $"qemu exited with code 0 (shutdown: {shutdownReason})" + suffix,
            > 128 => $"qemu was killed by signal {(exitCode - 128).ToString(CultureInfo.InvariantCulture)}" + suffix,
            _ => $"qemu exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}" + suffix,
        };
    }

    /// <summary>The last <paramref name="lines"/> non-empty lines of QEMU's output, joined with " | ".</summary>
    internal static string Tail(string output, int lines) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));

    /// <summary>
    /// Whether QEMU exited because the VM was reset (with <c>-action reboot=shutdown</c> a reset ends QEMU with code 0
    /// after a <c>SHUTDOWN</c> event naming a reset), so the machine starts it again.
    /// </summary>
    internal static bool ExitedOnReset(int exitCode, string? shutdownReason) =>
        exitCode == 0 && shutdownReason is "guest-reset" or "host-qmp-system-reset";

    private async Task WatchExitAsync()
    {
        while (true)
        {
            var run = _run;
            var code = await run.Process.Exited.ConfigureAwait(false);

            // QEMU sends its SHUTDOWN event before it exits: read everything it sent before deciding.
            await TaskWait.QuietlyAsync(run.Qmp.Closed, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            string reason;
            if (!_stopping && ExitedOnReset(code, run.Qmp.ShutdownReason))
            {
                var failure = await PowerCycleAsync(run, run.Qmp.ShutdownReason!).ConfigureAwait(false);
                if (failure is null)
                {
                    continue;
                }

                reason = failure;
            }
            else
            {
                reason = DescribeExit(code, SharedFile.ReadAllText(_layout.QemuOutput), _stopping, run.Qmp.ShutdownReason);
            }

            _exitReason = reason;
            if (!_stopping)
            {
                Log.MachineExited(_logger, Name, reason);
            }

            return;
        }
    }

    /// <summary>
    /// Starts QEMU again after <paramref name="exited"/> ended on a reset: same command line, so the same overlay,
    /// firmware variables, console file and SSH port (retried briefly if the port is not free yet), and the private
    /// link cut again if a test had cut it. Returns null when QEMU runs again, else why the machine is gone.
    /// </summary>
    private async Task<string?> PowerCycleAsync(QemuRun exited, string shutdownReason)
    {
        var clock = Stopwatch.StartNew();
        await _power.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopping || Relaunch is not { } relaunch)
            {
                return DescribeExit(0, "", stoppedByHarness: _stopping);
            }

            exited.Process.Dispose();
            await exited.Qmp.DisposeAsync().ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                var (run, code, output) = await LaunchAsync(relaunch.Setup, _layout, relaunch.Args, relaunch.Record, _recordPath, CancellationToken.None).ConfigureAwait(false);
                if (run is not null)
                {
                    _run = run;
                    Interlocked.Increment(ref _powerCycles);
                    if (!_privateLinkUp)
                    {
                        await run.Qmp.SetLinkAsync(QemuPrivateNetwork.NetdevId, false, CancellationToken.None).ConfigureAwait(false);
                    }

                    Log.PowerCycled(_logger, Name, shutdownReason, run.Pid, clock.Elapsed.TotalSeconds);
                    return null;
                }

                if (FreePort.IsForwardFailure(output) && attempt < RelaunchAttempts)
                {
                    await Task.Delay(RelaunchPortWait).ConfigureAwait(false);
                    continue;
                }

                return $"qemu could not be started again after a reset ({shutdownReason}): " + DescribeExit(code, output, stoppedByHarness: false);
            }
        }
        catch (Exception e) when (e is InfrastructureException or QmpException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            return $"qemu could not be started again after a reset ({shutdownReason}): {e.Message}";
        }
        finally
        {
            _power.Release();
        }
    }

    private async Task DisposeCoreAsync()
    {
        var clock = Stopwatch.StartNew();
        _stopping = true;
        await _power.WaitAsync().ConfigureAwait(false);
        var run = _run;
        var locked = true;
        try
        {
            if (!run.Process.HasExited)
            {
                try
                {
                    await run.Qmp.QuitAsync(CancellationToken.None, TimeSpan.FromSeconds(5));
                }
                catch (QmpException e)
                {
                    Log.QuitFailed(_logger, Name, e.Message);
                }

                if (!await TaskWait.QuietlyAsync(run.Process.Exited, _shutdownGrace))
                {
                    Log.KillingAfterGrace(_logger, Name, _shutdownGrace.TotalSeconds);
                    await run.Process.KillAsync(TimeSpan.FromSeconds(10));
                }
            }

            await run.Qmp.DisposeAsync();
            run.Process.Dispose();

            // Let the exit watcher (which may be waiting to power-cycle) see that the machine is stopping.
            locked = false;
            _power.Release();
            await TaskWait.QuietlyAsync(_exitWatch, TimeSpan.FromSeconds(5));
        }
        catch (Exception e)
        {
            Log.QuitFailed(_logger, Name, e.Message);
            await run.Process.KillAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            if (locked)
            {
                _power.Release();
            }

            StaleSweeper.TryDelete(_layout.StateDir, _logger);
            StaleSweeper.TryDelete(_layout.QmpSocket, _logger);
            StaleSweeper.TryDelete(_recordPath, _logger);
            Log.MachineDestroyed(_logger, Name, clock.Elapsed.TotalSeconds);
            _onDisposed(this);
        }
    }
}

/// <summary>One QEMU process of a machine and its monitor connection.</summary>
internal sealed record QemuRun(WatchdogProcess Process, int Pid, QmpClient Qmp);

/// <summary>What a machine needs to start QEMU again after a reset: the setup, the exact arguments and the stale-sweep record.</summary>
internal sealed record QemuRelaunch(QemuSetup Setup, IReadOnlyList<string> Args, PidRecord Record);
