using System.Diagnostics;
using System.Globalization;
using Harness.Logging;
using Harness.Machines;
using Harness.Processes;
using Harness.Waiting;
using Microsoft.Extensions.Logging;
using Polly;

namespace Harness.Ssh;

/// <summary>
/// One machine's SSH access through OpenSSH client processes: a persistent multiplexed master connection
/// (<c>ControlMaster</c>) that every command reuses, a pinned host key (<c>StrictHostKeyChecking=yes</c> against a
/// per-machine known_hosts; never trust-on-first-use), the run's client key only, and no user or system ssh config.
/// Transient connect errors are retried (bounded, logged); a host key mismatch never is.
/// </summary>
internal sealed partial class SshConnection : ISshConnection
{
    private const int MaxControlPathLength = 100;

    private readonly SshConnectionSettings _settings;
    private readonly IProcessRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _knownHostsPath;
    private readonly string _controlDir;
    private readonly string _controlPath;
    private readonly bool _ownsControlDir;
    private readonly ResiliencePipeline<ProcessResult> _connectPipeline;
    private readonly SemaphoreSlim _masterLock = new(1, 1);
    private bool _masterUp;

    // The closed-port network probe (under _masterLock): since when the guest has not answered it, and whether the grace ran out.
    private Stopwatch? _networkSilentSince;
    private bool _networkProbeSkipped;
    private int _disposed;

    public SshConnection(SshConnectionSettings settings, IProcessRunner runner, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _runner = runner;
        _time = timeProvider;
        _logger = logger;

        Directory.CreateDirectory(settings.StateDir);
        _knownHostsPath = Path.GetFullPath(Path.Combine(settings.StateDir, "known_hosts"));
        File.WriteAllText(_knownHostsPath, KnownHostsLine(settings.Endpoint, settings.HostPublicKey) + "\n");

        _ownsControlDir = settings.ControlDir is null;
        _controlDir = settings.ControlDir ?? CreateControlDir();
        _controlPath = Path.Combine(_controlDir, "c");
        if (_controlPath.Length > MaxControlPathLength)
        {
            throw new ArgumentException(
                $"control socket path {_controlPath} is {_controlPath.Length} characters; unix sockets allow about 100",
                nameof(settings));
        }

        _connectPipeline = BuildConnectPipeline();
    }

    /// <inheritdoc />
    public string CommandLineForHumans =>
        string.Join(' ', new[] { _settings.SshExecutable }.Concat(CommonArguments(withControlPath: false)).Select(ShellQuote.ForDisplay));

    /// <summary>The known_hosts line pinning <paramref name="hostPublicKey"/> for <paramref name="endpoint"/>.</summary>
    public static string KnownHostsLine(SshEndpoint endpoint, string hostPublicKey)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(hostPublicKey);
        var host = endpoint.Port == 22 ? endpoint.Host : $"[{endpoint.Host}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
        var blob = string.Join(' ', hostPublicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));
        return $"{host} {blob}";
    }

    /// <inheritdoc />
    public async Task<(bool Connected, string Observation)> TryConnectAsync(CancellationToken cancellationToken)
    {
        await _masterLock.WaitAsync(cancellationToken);
        try
        {
            if (_masterUp)
            {
                return (true, "connected");
            }

            if (_settings.ProbeBanner)
            {
                if (await GuestNetworkSilentAsync(cancellationToken) is { } silent)
                {
                    return (false, silent);
                }

                var probe = await SshBanner.ProbeAsync(_settings.Endpoint, _settings.BannerTimeout, cancellationToken);
                if (probe.Banner is null)
                {
                    return (false, probe.Answered ? probe.Observation : $"sshd is not answering yet: {probe.Observation}");
                }
            }

            var result = await OpenMasterOnceAsync(cancellationToken);
            ThrowIfHostKeyFailure(result);
            _masterUp = result.Succeeded;
            return result.Succeeded
                ? (true, "connected")
                : (false, $"ssh exited {result.ExitCode}: {SshDiagnostics.LastLine(result.Stderr)}");
        }
        finally
        {
            _masterLock.Release();
        }
    }

    /// <summary>
    /// When the endpoint has a closed probe port (<see cref="SshEndpoint.NetworkProbePort"/>), asks it first: null once the
    /// guest answers there, else what was seen. Through QEMU's user network a connection to sshd's forward made while
    /// the guest cannot answer stays pending in QEMU and reaches sshd later as a stray connection, after the probe gave
    /// up on it: an emulated sshd start each, about 0.3 s of guest CPU under TCG, and 4–5 of them per boot were seen.
    /// A guest that has not answered for <see cref="SshConnectionSettings.NetworkProbeGrace"/> (a firewall dropping the
    /// port) is asked through sshd directly from then on.
    /// </summary>
    private async Task<string?> GuestNetworkSilentAsync(CancellationToken cancellationToken)
    {
        if (_settings.Endpoint.NetworkProbePort is not { } port || _networkProbeSkipped)
        {
            return null;
        }

        var probe = await SshBanner.ProbeAsync(_settings.Endpoint with { Port = port, NetworkProbePort = null }, _settings.BannerTimeout, cancellationToken);
        if (probe.Answered)
        {
            _networkSilentSince = null;
            return null;
        }

        _networkSilentSince ??= Stopwatch.StartNew();
        if (_networkSilentSince.Elapsed >= _settings.NetworkProbeGrace)
        {
            _networkProbeSkipped = true;
            HarnessLog.SshNetworkProbeSkipped(_logger, _settings.MachineName, port, _settings.NetworkProbeGrace.TotalSeconds);
            return null;
        }

        return $"the guest's network does not answer yet: {probe.Observation}";
    }

    /// <inheritdoc />
    public async Task<ExecResult> ExecAsync(string command, SshExecOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);

        var connectFailure = await EnsureMasterAsync(cancellationToken);
        if (connectFailure is not null)
        {
            return new ExecResult(command, connectFailure.ExitCode, "", connectFailure.Stderr, connectFailure.Elapsed);
        }

        var result = await RunCommandAsync(command, options, cancellationToken);
        ThrowIfHostKeyFailure(result);
        var transportFailed = result.ExitCode == 255
            && (SshDiagnostics.IsTransient(result.Stderr) || SshDiagnostics.IsBeforeCommandStarted(result.Stderr));
        if (!transportFailed)
        {
            return ToExecResult(command, result);
        }

        _masterUp = false;
        if (!options.Reconnect || !SshDiagnostics.IsBeforeCommandStarted(result.Stderr))
        {
            return ToExecResult(command, result);
        }

        HarnessLog.SshReconnect(_logger, _settings.MachineName, command, SshDiagnostics.LastLine(result.Stderr));
        await CloseAsync(cancellationToken);
        connectFailure = await EnsureMasterAsync(cancellationToken);
        if (connectFailure is not null)
        {
            return new ExecResult(command, connectFailure.ExitCode, "", connectFailure.Stderr, result.Elapsed + connectFailure.Elapsed);
        }

        return ToExecResult(command, await RunCommandAsync(command, options, cancellationToken));
    }

    /// <inheritdoc />
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _masterLock.WaitAsync(cancellationToken);
        try
        {
            await CloseMasterAsync(cancellationToken);
        }
        finally
        {
            _masterLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await CloseMasterAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InfrastructureException or IOException)
        {
            // Best effort: the master exits on its own when the VM goes away (ServerAliveInterval).
        }

        if (_ownsControlDir)
        {
            TryDeleteDirectory(_controlDir);
        }
    }

    private static ExecResult ToExecResult(string command, ProcessResult result) =>
        new(command, result.ExitCode, result.Stdout, SshDiagnostics.WithoutControlSocketNoise(result.Stderr), result.Elapsed);

    private async Task<ProcessResult> RunCommandAsync(string command, SshExecOptions options, CancellationToken cancellationToken)
    {
        // sshd runs the command through the user's login shell (bash for core, on Flatcar and on the contract image),
        // as kola does. No second `bash -c` around it: under emulation each bash start-up costs the guest ~140 ms.
        string[] arguments = ["-o", "ControlMaster=no", "-T", .. CommonArguments(withControlPath: true), command];
        var spec = new ProcessSpec(_settings.SshExecutable, arguments)
        {
            Timeout = options.Timeout,
            StdinText = options.StdinText,
            StdinFile = options.StdinFile,
            StdoutFile = options.StdoutFile,
        };
        var result = await _runner.RunAsync(spec, cancellationToken);
        if (SshDiagnostics.MentionsDeadControlSocket(result.Stderr))
        {
            // ssh fell back to a direct connection; the next command opens a new master.
            _masterUp = false;
        }

        return result;
    }

    private void ThrowIfHostKeyFailure(ProcessResult result)
    {
        if (result.ExitCode == 255 && SshDiagnostics.IsHostKeyFailure(result.Stderr))
        {
            throw new SshHostKeyMismatchException(
                $"host key of {_settings.MachineName} ({_settings.Endpoint.Host}:{_settings.Endpoint.Port}) does not match the key " +
                "injected through Ignition — possible MITM or the image ignored the injected key\n" +
                $"  pinned: {KnownHostsLine(_settings.Endpoint, _settings.HostPublicKey)}\n" +
                $"  ssh said:\n{TextTail.Indent(TextTail.Last(result.Stderr.Trim(), maxLines: 6), "    ")}");
        }
    }
}
