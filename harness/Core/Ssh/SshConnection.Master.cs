using System.Globalization;
using Harness.Logging;
using Harness.Processes;
using Polly;
using Polly.Retry;

namespace Harness.Ssh;

/// <summary>The master connection's life cycle and the ssh arguments every invocation shares.</summary>
internal sealed partial class SshConnection
{
    private static string CreateControlDir()
    {
        var root = Path.GetTempPath();
        if (root.Length > 40)
        {
            root = "/tmp";
        }

        var dir = Path.Combine(root, "hx-" + Guid.NewGuid().ToString("N")[..10]);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return dir;
    }

    private static void TryDeleteDirectory(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A master that is still shutting down may hold its socket for a moment; /tmp is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
    private ResiliencePipeline<ProcessResult> BuildConnectPipeline()
    {
        var started = 0L;
        return new ResiliencePipelineBuilder<ProcessResult> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<ProcessResult>
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

                    var retry = args.Outcome.Result is { ExitCode: 255 } r
                        && SshDiagnostics.IsTransient(r.Stderr)
                        && !SshDiagnostics.IsHostKeyFailure(r.Stderr)
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
                        SshDiagnostics.LastLine(args.Outcome.Result?.Stderr ?? ""));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private async Task<ProcessResult?> EnsureMasterAsync(CancellationToken cancellationToken)
    {
        await _masterLock.WaitAsync(cancellationToken);
        try
        {
            if (_masterUp)
            {
                return null;
            }

            var result = await _connectPipeline.ExecuteAsync(
                async ct => await OpenMasterOnceAsync(ct),
                cancellationToken);
            ThrowIfHostKeyFailure(result);
            _masterUp = result.Succeeded;
            return result.Succeeded ? null : result;
        }
        finally
        {
            _masterLock.Release();
        }
    }

    private async Task<ProcessResult> OpenMasterOnceAsync(CancellationToken cancellationToken)
    {
        HarnessLog.SshConnecting(_logger, _settings.MachineName, _settings.Endpoint.Host, _settings.Endpoint.Port);

        // A master left over from before a reboot may still own the socket; ssh would refuse to bind it.
        await CloseMasterAsync(cancellationToken);

        // -f: fork to the background once authenticated (stdio goes to /dev/null, so our pipes close);
        // -N: no command. The foreground process exits 0 exactly when the master is ready.
        string[] arguments = ["-o", "ControlMaster=yes", "-o", "ControlPersist=yes", "-f", "-N", .. CommonArguments(withControlPath: true)];
        var timeout = _settings.ConnectTimeout + _settings.ConnectTimeout;
        var result = await _runner.RunAsync(new ProcessSpec(_settings.SshExecutable, arguments) { Timeout = timeout }, cancellationToken);
        if (result.Succeeded)
        {
            HarnessLog.SshConnected(_logger, _settings.MachineName, result.Elapsed);
        }

        return result;
    }

    private async Task CloseMasterAsync(CancellationToken cancellationToken)
    {
        var wasUp = _masterUp;
        _masterUp = false;
        if (!File.Exists(_controlPath))
        {
            return;
        }

        string[] arguments = ["-O", "exit", .. CommonArguments(withControlPath: true)];
        try
        {
            await _runner.RunAsync(new ProcessSpec(_settings.SshExecutable, arguments) { Timeout = TimeSpan.FromSeconds(10) }, cancellationToken);
        }
        catch (ProcessTimeoutException)
        {
            // A wedged master; removing the socket below lets a new one bind.
        }

        try
        {
            File.Delete(_controlPath);
        }
        catch (IOException)
        {
            // Gone already or busy; a new master reports it if it matters.
        }

        if (wasUp)
        {
            HarnessLog.SshClosed(_logger, _settings.MachineName);
        }
    }
    private List<string> CommonArguments(bool withControlPath)
    {
        var s = _settings;
        var arguments = new List<string>
        {
            "-F", "/dev/null",
            "-i", s.ClientKey.PrivateKeyPath,
            "-o", "IdentitiesOnly=yes",
            "-o", "IdentityAgent=none",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=" + _knownHostsPath,
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "HostKeyAlgorithms=ssh-ed25519",
            "-o", "CheckHostIP=no",
            "-o", "UpdateHostKeys=no",
            "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=" + Seconds(s.ConnectTimeout),
            "-o", "ServerAliveInterval=" + Seconds(s.ServerAliveInterval),
            "-o", "ServerAliveCountMax=3",
        };
        if (withControlPath)
        {
            arguments.AddRange(["-o", "ControlPath=" + _controlPath]);
        }

        arguments.AddRange(["-p", s.Endpoint.Port.ToString(CultureInfo.InvariantCulture), "-l", s.User, s.Endpoint.Host]);
        return arguments;
    }

    private static string Seconds(TimeSpan duration) =>
        Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
