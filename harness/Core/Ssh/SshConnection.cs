using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Harness.Logging;
using Harness.Machines;
using Harness.Processes;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Harness.Ssh;

/// <summary>
/// One machine's SSH access in process (SSH.NET): one connection per machine and a channel per command, the host key
/// pinned in <c>HostKeyReceived</c> (only the key injected through Ignition is accepted; never trust-on-first-use), the
/// run's client key only. Transient connect errors (typed: socket errors, a connection dropped during the handshake,
/// a connect timeout) are retried, bounded and logged; a host key mismatch never is.
/// </summary>
internal sealed partial class SshConnection : ISshConnection
{
    private readonly SshConnectionSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _knownHostsPath;
    private readonly PinnedHostKey _pinned;
    private readonly PrivateKeyFile _clientKey;
    private readonly ResiliencePipeline _connectPipeline;
    private readonly SemaphoreSlim _clientLock = new(1, 1);
    private SshClient? _client;

    // The closed-port network probe (under _clientLock): since when the guest has not answered it, and whether the grace ran out.
    private Stopwatch? _networkSilentSince;
    private bool _networkProbeSkipped;
    private int _disposed;

    public SshConnection(SshConnectionSettings settings, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = timeProvider;
        _logger = logger;
        _pinned = PinnedHostKey.Parse(settings.HostPublicKey);
        _clientKey = new PrivateKeyFile(settings.ClientKey.PrivateKeyPath);

        // Only for the command line a person pastes (CommandLineForHumans): OpenSSH pins the same key through it.
        Directory.CreateDirectory(settings.StateDir);
        _knownHostsPath = Path.GetFullPath(Path.Combine(settings.StateDir, "known_hosts"));
        File.WriteAllText(_knownHostsPath, KnownHostsLine(settings.Endpoint, settings.HostPublicKey) + "\n");

        _connectPipeline = BuildConnectPipeline();
    }

    /// <inheritdoc />
    public string CommandLineForHumans
    {
        get
        {
            var s = _settings;
            string[] arguments =
            [
                s.SshExecutable, "-F", "/dev/null", "-i", s.ClientKey.PrivateKeyPath,
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + _knownHostsPath, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "HostKeyAlgorithms=" + _pinned.Type, "-o", "CheckHostIP=no", "-o", "UpdateHostKeys=no", "-o", "LogLevel=ERROR",
                "-p", s.Endpoint.Port.ToString(CultureInfo.InvariantCulture), "-l", s.User, s.Endpoint.Host,
            ];
            return string.Join(' ', arguments.Select(ShellQuote.ForDisplay));
        }
    }

    /// <summary>The known_hosts line pinning <paramref name="hostPublicKey"/> for <paramref name="endpoint"/>.</summary>
    public static string KnownHostsLine(SshEndpoint endpoint, string hostPublicKey)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(hostPublicKey);
        var host = endpoint.Port == 22 ? endpoint.Host : $"[{endpoint.Host}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
        var blob = PublicKeyLine.WithoutComment(hostPublicKey);
        return $"{host} {blob}";
    }

    /// <inheritdoc />
    public async Task<(bool Connected, string Observation)> TryConnectAsync(bool probeFirst, CancellationToken cancellationToken)
    {
        await _clientLock.WaitAsync(cancellationToken);
        try
        {
            if (_client is { IsConnected: true })
            {
                return (true, "connected");
            }

            if (probeFirst && _settings.ProbeBanner)
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

            try
            {
                _client = await OpenOnceAsync(cancellationToken);
                return (true, "connected");
            }
            catch (Exception e) when (SshFailures.IsConnectFailure(e, cancellationToken))
            {
                return (false, "ssh connect failed: " + SshFailures.Describe(e));
            }
        }
        finally
        {
            _clientLock.Release();
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

        var started = _time.GetTimestamp();
        var (client, failure) = await EnsureConnectedAsync(cancellationToken);
        if (client is null)
        {
            return TransportFailure(command, failure!, started);
        }

        var run = await RunCommandAsync(client, command, options, cancellationToken);
        if (run.Result is { } result)
        {
            return result;
        }

        // The connection was gone: the next command opens a new one.
        await CloseAsync(cancellationToken);
        if (!run.BeforeCommandStarted || !options.Reconnect)
        {
            return TransportFailure(command, run.Failure!, started);
        }

        HarnessLog.SshReconnect(_logger, _settings.MachineName, command, SshFailures.Describe(run.Failure!));
        (client, failure) = await EnsureConnectedAsync(cancellationToken);
        if (client is null)
        {
            return TransportFailure(command, failure!, started);
        }

        run = await RunCommandAsync(client, command, options, cancellationToken);
        return run.Result ?? TransportFailure(command, run.Failure!, started);
    }

    /// <inheritdoc />
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _clientLock.WaitAsync(cancellationToken);
        try
        {
            DropClient();
        }
        finally
        {
            _clientLock.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DropClient();
            _clientKey.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A command that never ran or whose connection broke: exit 255 with what failed on stderr, as the OpenSSH client
    /// reports it, so callers treat both the same (<see cref="ISshConnection.ExecAsync"/>).
    /// </summary>
    private ExecResult TransportFailure(string command, Exception failure, long started) =>
        new(command, 255, "", $"ssh: {SshFailures.Describe(failure)}\n", _time.GetElapsedTime(started));

    private void DropClient()
    {
        var client = Interlocked.Exchange(ref _client, null);
        if (client is null)
        {
            return;
        }

        var wasUp = client.IsConnected;
        try
        {
            client.Dispose();
        }
        catch (Exception e) when (e is SshException or SocketException or IOException or ObjectDisposedException)
        {
            // Best effort: the socket goes when the VM does.
        }

        if (wasUp)
        {
            HarnessLog.SshClosed(_logger, _settings.MachineName);
        }
    }

    private ResiliencePipeline BuildConnectPipeline()
    {
        var started = 0L;
        return new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, _settings.TransientAttempts - 1),
                Delay = _settings.TransientDelay,
                BackoffType = DelayBackoffType.Exponential,
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldHandle = args =>
                {
                    if (args.AttemptNumber == 0)
                    {
                        started = _time.GetTimestamp();
                    }

                    var retry = args.Outcome.Exception is { } e
                        && SshFailures.IsTransient(e, args.Context.CancellationToken)
                        && _time.GetElapsedTime(started) < _settings.TransientBudget;
                    return ValueTask.FromResult(retry);
                },
                OnRetry = args =>
                {
                    HarnessLog.SshTransientRetry(
                        _logger,
                        _settings.MachineName,
                        args.AttemptNumber + 1,
                        args.RetryDelay,
                        args.Outcome.Exception is { } e ? SshFailures.Describe(e) : "(no message)");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The open connection, or a new one (transient failures retried); null and what failed otherwise.</summary>
    /// <exception cref="SshHostKeyMismatchException">The host key is not the pinned one.</exception>
    private async Task<(SshClient? Client, Exception? Failure)> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        await _clientLock.WaitAsync(cancellationToken);
        try
        {
            if (_client is { IsConnected: true } client)
            {
                return (client, null);
            }

            DropClient();
            _client = await _connectPipeline.ExecuteAsync(async ct => await OpenOnceAsync(ct), cancellationToken);
            return (_client, null);
        }
        catch (Exception e) when (SshFailures.IsConnectFailure(e, cancellationToken))
        {
            return (null, e);
        }
        finally
        {
            _clientLock.Release();
        }
    }

    /// <summary>One attempt at connecting and authenticating, with the host key checked against the pinned one.</summary>
    /// <exception cref="SshHostKeyMismatchException">The host key is not the pinned one.</exception>
    private async Task<SshClient> OpenOnceAsync(CancellationToken cancellationToken)
    {
        var s = _settings;
        HarnessLog.SshConnecting(_logger, s.MachineName, s.Endpoint.Host, s.Endpoint.Port);
        var info = new ConnectionInfo(s.Endpoint.Host, s.Endpoint.Port, s.User, new PrivateKeyAuthenticationMethod(s.User, _clientKey))
        {
            Timeout = s.ConnectTimeout,
        };

        // Offer only the pinned key's algorithm, so sshd presents that key and no other.
        foreach (var algorithm in info.HostKeyAlgorithms.Keys.Where(a => a != _pinned.Type).ToList())
        {
            info.HostKeyAlgorithms.Remove(algorithm);
        }

        var client = new SshClient(info) { KeepAliveInterval = s.ServerAliveInterval };
        string? rejected = null;
        client.HostKeyReceived += (_, e) =>
        {
            e.CanTrust = _pinned.Matches(e.HostKeyName, e.HostKey);
            rejected = e.CanTrust ? null : $"{e.HostKeyName} SHA256:{e.FingerPrintSHA256}";
        };

        var stopwatch = Stopwatch.StartNew();
        try
        {
            await client.ConnectAsync(cancellationToken);
        }
        catch (Exception e) when (rejected is not null)
        {
            client.Dispose();
            throw HostKeyMismatch(rejected, e);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        HarnessLog.SshConnected(_logger, s.MachineName, stopwatch.Elapsed);
        return client;
    }

    private SshHostKeyMismatchException HostKeyMismatch(string presented, Exception inner) =>
        new(
            $"host key of {_settings.MachineName} ({_settings.Endpoint.Host}:{_settings.Endpoint.Port}) does not match the key " +
            "injected through Ignition — possible MITM or the image ignored the injected key\n" +
            $"  pinned:    {KnownHostsLine(_settings.Endpoint, _settings.HostPublicKey)} ({_pinned.Type} SHA256:{_pinned.Fingerprint})\n" +
            $"  presented: {presented}\n" +
            $"  ssh said:  {SshFailures.Describe(inner)}",
            inner);
}
