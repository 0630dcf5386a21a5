using System.Diagnostics;
using System.Globalization;
using Harness.Failures;
using Harness.Machines;
using Harness.Waiting;
using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Qemu;

/// <summary>Starting a machine: its files, the QEMU process (retried on a taken SSH port) and the monitor connection.</summary>
public sealed partial class QemuMachine
{
    private const int PortAttempts = 5;
    private static readonly TimeSpan QmpStartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan QemuImgTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Creates the machine's files, starts QEMU and waits until its monitor answers. With <paramref name="restoreFrom"/>
    /// (a snapshot folder) the disks are overlays on the snapshot's, the firmware variables a copy of its, and QEMU
    /// loads the saved state (<c>-incoming</c>) instead of booting; a later power cycle boots from the machine's own disks.
    /// </summary>
    internal static async Task<QemuMachine> StartAsync(
        QemuSetup setup, MachineLaunch launch, string stateDir, string qmpSocket, TimeSpan shutdownGrace,
        ILogger logger, Action<QemuMachine> onDisposed, Func<int> pickPort, CancellationToken cancellationToken,
        string? restoreFrom = null, Func<string>? newSnapshotFolder = null)
    {
        var id = DirectoryName(launch.Name);
        var layout = new MachineLayout(Path.Combine(stateDir, "machines", id), Path.GetFullPath(launch.ArtifactDir), qmpSocket);
        var recordPath = Path.Combine(StaleSweeper.RecordDir(stateDir), id + ".json");
        var record = PidRecord.ForCurrentProcess(launch.Name) with { Paths = [layout.StateDir, layout.QmpSocket] };
        var clock = Stopwatch.StartNew();
        try
        {
            // Private: it holds the Ignition config as passed, with the machine's SSH host private key.
            Directory.CreateDirectory(layout.StateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            record.WriteTo(recordPath);
            Directory.CreateDirectory(layout.ArtifactDir);
            await File.WriteAllTextAsync(layout.Ignition, launch.IgnitionJson, cancellationToken);
            if (restoreFrom is null)
            {
                await QemuImgAsync(QemuCommandLine.OverlayCommand(setup, layout), cancellationToken);
                File.Copy(setup.FirmwareVars, layout.FirmwareVars(setup.FirmwareVarsFormat));
                for (var i = 0; i < launch.Options.ExtraDisks.Count; i++)
                {
                    await QemuImgAsync(QemuCommandLine.ExtraDiskCommand(setup, layout, i, launch.Options.ExtraDisks[i]), cancellationToken);
                }
            }
            else
            {
                await QemuImgAsync(QemuCommandLine.OverlayCommand(setup, Path.Combine(restoreFrom, SnapshotDiskFile), DiskFormat.Qcow2, layout.Overlay), cancellationToken);
                var vars = layout.FirmwareVars(setup.FirmwareVarsFormat);
                File.Copy(Path.Combine(restoreFrom, SnapshotVarsFile(setup.FirmwareVarsFormat)), vars);
                File.SetUnixFileMode(vars, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                for (var i = 0; i < launch.Options.ExtraDisks.Count; i++)
                {
                    await QemuImgAsync(QemuCommandLine.OverlayCommand(setup, Path.Combine(restoreFrom, SnapshotExtraDiskFile(i)), DiskFormat.Qcow2, layout.ExtraDisk(i)), cancellationToken);
                }
            }

            // Appended to by every QEMU process of the machine (see PowerCycleAsync): start from nothing.
            File.Delete(layout.Console);
            for (var attempt = 1; ; attempt++)
            {
                var port = pickPort();
                var probePort = pickPort();
                while (probePort == port)
                {
                    probePort = pickPort();
                }

                var args = QemuCommandLine.Build(setup, layout, launch.Name, launch.Options, port, launch.PrivateNic, probePort);
                var firstArgs = restoreFrom is null ? args : [.. args, .. QemuCommandLine.Incoming(Path.Combine(restoreFrom, SnapshotStateFile))];
                await File.WriteAllTextAsync(layout.CommandLine, QemuCommandLine.Render(setup, layout, firstArgs, launch.Options, restoreFrom), cancellationToken);
                await File.WriteAllTextAsync(layout.QemuOutput, "", cancellationToken);
                var cpus = setup.EffectiveCpus(launch.Options);
                Log.MachineStarting(logger, launch.Name, launch.Options.MemoryMiB, cpus, launch.Options.ExtraDisks.Count, port, setup.Kvm ? "kvm" : "tcg");

                var (run, code, output) = await LaunchAsync(setup, layout, firstArgs, record, recordPath, cancellationToken);
                if (run is not null)
                {
                    var machine = new QemuMachine(launch.Name, layout, new SshEndpoint("127.0.0.1", port) { NetworkProbePort = probePort }, run, recordPath, shutdownGrace, logger, onDisposed)
                    {
                        HasPrivateNic = launch.PrivateNic is not null,
                        // A power cycle boots from the machine's own disks, also after a restore.
                        Relaunch = new QemuRelaunch(setup, args, record),
                        NewSnapshotFolder = newSnapshotFolder,
                        ExtraDiskCount = launch.Options.ExtraDisks.Count,
                        VarsFormat = setup.FirmwareVarsFormat,
                        Fingerprint = setup.Fingerprint(),
                        Options = launch.Options,
                    };
                    if (restoreFrom is null)
                    {
                        Log.MachineStarted(logger, launch.Name, run.Pid, port, clock.Elapsed.TotalSeconds);
                        return machine;
                    }

                    try
                    {
                        await machine.WaitUntilResumedAsync(cancellationToken);
                    }
                    catch
                    {
                        await machine.DisposeAsync();
                        throw;
                    }

                    Log.MachineResumed(logger, launch.Name, run.Pid, port, clock.Elapsed.TotalSeconds);
                    return machine;
                }

                if (FreePort.IsForwardFailure(output) && attempt < PortAttempts)
                {
                    Log.PortForwardRetry(logger, launch.Name, port, attempt);
                    continue;
                }

                throw new InfrastructureException(
                    $"qemu exited with code {code.ToString(CultureInfo.InvariantCulture)} while starting {launch.Name}: {Tail(output, 5)}"
                    + $"\n  command: {layout.CommandLine}\n  artifacts: {layout.ArtifactDir}");
            }
        }
        catch (Exception e)
        {
            StaleSweeper.TryDelete(layout.StateDir, logger);
            StaleSweeper.TryDelete(layout.QmpSocket, logger);
            StaleSweeper.TryDelete(recordPath, logger);
            Log.MachineCreateFailed(logger, launch.Name, clock.Elapsed.TotalSeconds, e.Message);
            if (e is InfrastructureException or OperationCanceledException)
            {
                throw;
            }

            throw new InfrastructureException($"could not create machine {launch.Name}: {e.Message}\n  artifacts: {layout.ArtifactDir}", e);
        }
    }

    /// <summary>
    /// Starts one QEMU process for <paramref name="layout"/> under the watchdog, records its pids in the stale-sweep
    /// record and waits until its monitor answers. When QEMU exited first, the run is null and the exit code and
    /// output say why; on an exception nothing is left running.
    /// </summary>
    private static async Task<(QemuRun? Run, int ExitCode, string Output)> LaunchAsync(
        QemuSetup setup, MachineLayout layout, IReadOnlyList<string> args, PidRecord record, string recordPath, CancellationToken cancellationToken)
    {
        File.Delete(layout.QmpSocket);
        var process = WatchdogProcess.Start(setup.Binary, args, layout.QemuOutput, layout.StateDir);
        QmpClient? qmp = null;
        try
        {
            var pid = await process.ChildPid.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            (record with { Processes = [.. new[] { OwnedProcess.Of(process.WrapperPid), OwnedProcess.Of(pid) }.OfType<OwnedProcess>()] }).WriteTo(recordPath);
            qmp = await ConnectQmpAsync(layout.QmpSocket, process, cancellationToken);
            if (qmp is not null)
            {
                try
                {
                    // The monitor dispatches commands only once QEMU's initialisation (including the port forward) is done.
                    await qmp.QueryStatusAsync(cancellationToken);
                    return (new QemuRun(process, pid, qmp), 0, "");
                }
                catch (QmpException e) when (e.ConnectionClosed)
                {
                    await qmp.DisposeAsync();
                    qmp = null;
                }
            }

            var code = await process.Exited.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            process.Dispose();
            return (null, code, SharedFile.ReadAllText(layout.QemuOutput));
        }
        catch
        {
            if (qmp is not null)
            {
                await qmp.DisposeAsync();
            }

            await process.KillAsync(TimeSpan.FromSeconds(10));
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects to the monitor once QEMU has created its socket. Null when QEMU exited first; throws when neither
    /// happened within <see cref="QmpStartTimeout"/> (the greeting included).
    /// </summary>
    private static async Task<QmpClient?> ConnectQmpAsync(string socket, WatchdogProcess process, CancellationToken cancellationToken)
    {
        QmpClient? client;
        try
        {
            client = await Poll.UntilAsync<QmpClient?>(
                async ct =>
                {
                    if (process.HasExited)
                    {
                        return ProbeResult.Done<QmpClient?>(null, "qemu exited");
                    }

                    if (!File.Exists(socket))
                    {
                        return ProbeResult.NotYet<QmpClient?>("the socket does not exist yet");
                    }

                    try
                    {
                        return ProbeResult.Done<QmpClient?>(await QmpClient.ConnectAsync(socket, ct));
                    }
                    catch (Exception e) when (e is System.Net.Sockets.SocketException or QmpException or IOException)
                    {
                        return ProbeResult.NotYet<QmpClient?>(e.Message);
                    }
                },
                new PollOptions($"QEMU's monitor on {socket}") { Timeout = QmpStartTimeout, Interval = TimeSpan.FromMilliseconds(50) },
                cancellationToken);
        }
        catch (WaitTimeoutException e)
        {
            throw new InfrastructureException(e.Message, e);
        }

        if (client is not null && process.HasExited)
        {
            await client.DisposeAsync();
            return null;
        }

        return client;
    }

    private static async Task QemuImgAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await QemuTools.RunAsync(command[0], command.Skip(1).ToList(), QemuImgTimeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InfrastructureException(
                $"{string.Join(' ', command.Select(QemuCommandLine.ShellQuote))} exited with code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}: {Tail(result.Stderr + result.Stdout, 3)}");
        }
    }

    private static string DirectoryName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray());
        if (safe.Length > 40)
        {
            safe = safe[..40];
        }

        return $"{safe}-{Guid.NewGuid().ToString("N")[..6]}";
    }
}
