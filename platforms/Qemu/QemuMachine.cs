using System.Diagnostics;
using System.Globalization;
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
public sealed partial class QemuMachine : IMachineBackend
{
    private readonly MachineLayout _layout;
    private readonly WatchdogProcess _process;
    private readonly QmpClient _qmp;
    private readonly string _recordPath;
    private readonly TimeSpan _shutdownGrace;
    private readonly ILogger _logger;
    private readonly Action<QemuMachine> _onDisposed;
    private readonly Task _exitWatch;
    private readonly Lock _disposeLock = new();
    private Task? _dispose;
    private volatile bool _stopping;
    private volatile string? _exitReason;

    private QemuMachine(
        string name, MachineLayout layout, int sshPort, WatchdogProcess process, int qemuPid, QmpClient qmp,
        string recordPath, TimeSpan shutdownGrace, ILogger logger, Action<QemuMachine> onDisposed)
    {
        Name = name;
        _layout = layout;
        Ssh = new SshEndpoint("127.0.0.1", sshPort);
        Console = new QemuConsoleLog(layout.Console);
        _process = process;
        QemuPid = qemuPid;
        _qmp = qmp;
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

    /// <summary>Pid of the QEMU process.</summary>
    public int QemuPid { get; }

    /// <summary>The machine's artifact folder (console, Ignition config, command line, QEMU output).</summary>
    public string ArtifactDir => _layout.ArtifactDir;

    /// <summary>The machine's disposable files (overlay, variables, extra disks); deleted on dispose.</summary>
    internal string StateDir => _layout.StateDir;

    /// <summary>The QMP socket; deleted on dispose.</summary>
    internal string QmpSocket => _layout.QmpSocket;

    /// <summary>Completes when QEMU has exited.</summary>
    internal Task Exited => _exitWatch;

    /// <summary>Hard reset through QMP <c>system_reset</c>. Returns at once; the guest reboots from firmware.</summary>
    /// <exception cref="InfrastructureException">QEMU is not running or did not accept the command.</exception>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        if (_exitReason is { } reason)
        {
            throw new InfrastructureException($"cannot reset {Name}: {reason}");
        }

        Log.MachineReset(_logger, Name);
        await _qmp.SystemResetAsync(cancellationToken);
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

        if (_exitReason is { } reason)
        {
            throw new InfrastructureException($"cannot change the private link of {Name}: {reason}");
        }

        Log.PrivateLink(_logger, Name, up ? "up" : "down");
        try
        {
            await _qmp.SetLinkAsync(QemuPrivateNetwork.NetdevId, up, cancellationToken);
        }
        catch (QmpException e)
        {
            throw new InfrastructureException($"could not set the private link of {Name} {(up ? "up" : "down")}: {e.Message}", e);
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
    internal static string DescribeExit(int exitCode, string output, bool stoppedByHarness)
    {
        if (stoppedByHarness)
        {
            return "qemu was shut down by the harness (machine disposed)";
        }

        var tail = Tail(output, 5);
        var suffix = tail.Length > 0 ? ": " + tail : "";
        return exitCode switch
        {
            0 => "qemu exited with code 0 (the guest powered off)" + suffix,
            > 128 => $"qemu was killed by signal {(exitCode - 128).ToString(CultureInfo.InvariantCulture)}" + suffix,
            _ => $"qemu exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}" + suffix,
        };
    }

    /// <summary>The last <paramref name="lines"/> non-empty lines of QEMU's output, joined with " | ".</summary>
    internal static string Tail(string output, int lines) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));

    private async Task WatchExitAsync()
    {
        var code = await _process.Exited.ConfigureAwait(false);
        _exitReason = DescribeExit(code, SharedFile.ReadAllText(_layout.QemuOutput), _stopping);
        if (!_stopping)
        {
            Log.MachineExited(_logger, Name, _exitReason);
        }
    }

    private async Task DisposeCoreAsync()
    {
        var clock = Stopwatch.StartNew();
        _stopping = true;
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    await _qmp.QuitAsync(CancellationToken.None, TimeSpan.FromSeconds(5));
                }
                catch (QmpException e)
                {
                    Log.QuitFailed(_logger, Name, e.Message);
                }

                if (!await WaitQuietlyAsync(_process.Exited, _shutdownGrace))
                {
                    Log.KillingAfterGrace(_logger, Name, _shutdownGrace.TotalSeconds);
                    _process.CloseLifeline();
                    _process.KillTree();
                    await WaitQuietlyAsync(_process.Exited, TimeSpan.FromSeconds(10));
                }
            }

            await _qmp.DisposeAsync();
            _process.Dispose();
            await WaitQuietlyAsync(_exitWatch, TimeSpan.FromSeconds(5));
        }
        catch (Exception e)
        {
            Log.QuitFailed(_logger, Name, e.Message);
            _process.KillTree();
        }
        finally
        {
            StaleSweeper.TryDelete(_layout.StateDir, _logger);
            StaleSweeper.TryDelete(_layout.QmpSocket, _logger);
            StaleSweeper.TryDelete(_recordPath, _logger);
            Log.MachineDestroyed(_logger, Name, clock.Elapsed.TotalSeconds);
            _onDisposed(this);
        }
    }

    internal static async Task<bool> WaitQuietlyAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception e) when (e is InfrastructureException or InvalidOperationException)
        {
            return true;
        }
    }
}
