using System.Text.RegularExpressions;
using Harness.ConsoleChecks;
using Harness.Failures;
using Harness.Logging;
using Harness.Processes;
using Harness.Ssh;
using Harness.Waiting;

namespace Harness.Machines;

public sealed partial class Machine
{
    /// <summary>
    /// Waits until systemd reports <paramref name="unit"/> active (<c>systemctl show -p ActiveState,SubState,Result</c>).
    /// Fails at once, with the unit's status and journal, when the unit is <c>failed</c>.
    /// </summary>
    /// <param name="unit">Unit name (<c>docker.service</c>).</param>
    /// <param name="timeout">Give up after this long. Default <see cref="Timeouts.Unit"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TestFailureException">The unit failed.</exception>
    /// <exception cref="WaitTimeoutException">It did not become active in time (the message has its last state).</exception>
    /// <exception cref="MachineCrashedException">The machine died while waiting.</exception>
    public async Task WaitForUnitAsync(string unit, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        var ssh = RequireSsh();
        var quoted = ShellQuote.Quote(unit);
        await TimedWaitAsync(
            $"unit {unit} to be active",
            async ct =>
            {
                var result = await RunAsync(ssh, $"systemctl show -p {UnitState.Properties} {quoted}", SshExecOptions.Default, ct);
                if (!result.Succeeded)
                {
                    return ProbeResult.NotYet<bool>("systemctl show " + MachineFailures.Observation(result));
                }

                var state = UnitState.Parse(unit, result.Stdout, $"systemctl show {unit} on {Name}");
                var observation = state.ToString();
                return state.ActiveState switch
                {
                    "active" => ProbeResult.Done(true, observation),
                    "failed" => throw new TestFailureException(await UnitFailedMessageAsync(ssh, unit, observation, ct)),
                    _ => ProbeResult.NotYet<bool>(observation),
                };
            },
            timeout ?? Timeouts.Unit,
            Timeouts.PollInterval,
            cancellationToken,
            pauseFactor: Timeouts.GuestProbePauseFactor);
    }

    /// <summary>
    /// Waits until the serial console (everything captured so far, all boots) matches <paramref name="pattern"/>. Works
    /// without SSH. A crash pattern on the console ends the wait only if <paramref name="pattern"/> does not match first,
    /// so a test may wait for a panic or the emergency shell on purpose.
    /// </summary>
    /// <param name="pattern">Matched against the whole console text (use <see cref="RegexOptions.Multiline"/> for <c>^</c>/<c>$</c> per line).</param>
    /// <param name="timeout">Give up after this long. Default <see cref="Timeouts.Console"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first match.</returns>
    /// <exception cref="WaitTimeoutException">No match in time.</exception>
    /// <exception cref="MachineCrashedException">The machine died before the pattern appeared.</exception>
    /// <exception cref="NotSupportedException">The platform has no live console (mark the test <c>Requires = PlatformCapabilities.LiveConsole</c>).</exception>
    public async Task<Match> WaitForConsoleAsync(Regex pattern, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ThrowIfDisposed();
        RequireCapability(PlatformCapabilities.LiveConsole, "wait for the live console of");
        var what = $"console to match /{pattern}/";
        return await TimedWaitAsync(
            what,
            ct =>
            {
                var console = ReadConsole();
                var match = pattern.Match(console);
                if (match.Success)
                {
                    return Task.FromResult(ProbeResult.Done(match, "matched"));
                }

                ThrowIfCrashed(what);
                var lastLine = ConsoleChecker.Clean(console.TrimEnd('\n', '\r').Split('\n')[^1]);
                return Task.FromResult(ProbeResult.NotYet<Match>(
                    console.Length == 0 ? "console is empty" : $"no match in {console.Count(c => c == '\n')} lines; last line: {lastLine}"));
            },
            timeout ?? Timeouts.Console,
            Timeouts.ConsolePollInterval,
            cancellationToken,
            checkCrashFirst: false);
    }

    /// <summary>
    /// Waits for something the host observes about this machine (a server hearing from it, a file it sent), probing
    /// <paramref name="probe"/> every <see cref="Timeouts.ConsolePollInterval"/> without running anything on the guest,
    /// so an emulated guest's CPU is left to the work being waited for. Stops early, like the machine's other waits,
    /// when the VM dies or its console shows a crash; whatever the probe throws ends the wait unchanged.
    /// </summary>
    /// <param name="what">What is awaited, for logs and the timeout message.</param>
    /// <param name="probe">Done with a value, or not yet with what it observed (quoted if the wait times out).</param>
    /// <param name="timeout">Give up after this long.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="WaitTimeoutException">Not done in time.</exception>
    /// <exception cref="MachineCrashedException">The machine died while waiting.</exception>
    public Task<T> WaitForHostAsync<T>(string what, Func<ProbeResult<T>> probe, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(what);
        ArgumentNullException.ThrowIfNull(probe);
        ThrowIfDisposed();
        return TimedWaitAsync(what, _ => Task.FromResult(probe()), timeout, Timeouts.ConsolePollInterval, cancellationToken);
    }

    /// <summary>
    /// Polls until SSH answers with a boot id other than <paramref name="previousBootId"/> (any boot id when null).
    /// Each failed attempt closes the connection, so a connection to the old boot is never reused. A machine that
    /// <paramref name="resumed"/> a saved state already runs sshd: it is asked at once and often
    /// (<see cref="Timeouts.ResumedSshPollInterval"/>), without the banner and network probes that spare a booting
    /// guest, and its clock, which stood still since the save, is set to the host's in the same command that reads the
    /// boot id (<see cref="ResumedProbeCommand"/>).
    /// </summary>
    private async Task<string> WaitForSshAsync(
        string? previousBootId, TimeSpan timeout, string what, CancellationToken cancellationToken, bool resumed = false)
    {
        var ssh = RequireSsh();
        var bootId = await TimedWaitAsync(
            what,
            async ct =>
            {
                var (connected, observation) = await ssh.TryConnectAsync(probeFirst: !resumed, ct);
                if (!connected)
                {
                    return ProbeResult.NotYet<string>(observation);
                }

                ExecResult result;
                try
                {
                    var command = resumed ? ResumedProbeCommand(_time.GetUtcNow()) : BootIdCommand;
                    result = await ssh.ExecAsync(command, SshExecOptions.Default with { Timeout = Timeouts.SshConnect, Reconnect = false }, ct);
                }
                catch (ProcessTimeoutException e)
                {
                    // A guest still booting (e.g. starting the first login session under TCG) can take longer than
                    // one attempt allows: not ready yet, try again within the overall limit.
                    await ssh.CloseAsync(ct);
                    return ProbeResult.NotYet<string>($"SSH connected, but {e.Message}");
                }

                var bootId = result.Stdout.Trim();
                if (result.Succeeded && bootId.Length > 0 && bootId != previousBootId)
                {
                    return ProbeResult.Done(bootId);
                }

                await ssh.CloseAsync(ct);
                return ProbeResult.NotYet<string>(result.Succeeded
                    ? $"SSH answers, but the boot id is still {previousBootId} (the machine has not rebooted yet)"
                    : $"SSH connected, but `{result.Command}` " + MachineFailures.Observation(result));
            },
            timeout,
            resumed ? Timeouts.ResumedSshPollInterval : Timeouts.SshPollInterval,
            cancellationToken);

        _lastBootId = bootId;
        _sshUp = true;
        return bootId;
    }

    /// <summary>Poll with the machine's name, artifact folder, clock, crash check and a timed log scope.</summary>
    private async Task<T> TimedWaitAsync<T>(
        string what,
        Func<CancellationToken, Task<ProbeResult<T>>> probe,
        TimeSpan timeout,
        TimeSpan interval,
        CancellationToken cancellationToken,
        bool checkCrashFirst = true,
        double pauseFactor = 0)
    {
        var options = new PollOptions(what)
        {
            Where = Name,
            Timeout = timeout,
            Interval = interval,
            PauseFactor = pauseFactor,
            ArtifactDir = ArtifactDir,
            TimeProvider = _time,
            AbortCheck = checkCrashFirst
                ? _ =>
                {
                    ThrowIfCrashed(what);
                    return Task.CompletedTask;
                }
                : null,
        };

        HarnessLog.WaitStarting(_logger, Name, what);
        var started = _time.GetTimestamp();
        var value = await Poll.UntilAsync(probe, options, cancellationToken);
        var elapsed = _time.GetElapsedTime(started);
        HarnessLog.WaitDone(_logger, Name, what, elapsed);
        return value;
    }

    /// <summary>Throws <see cref="MachineCrashedException"/> when the VM process stopped or the console shows a crash pattern.</summary>
    private void ThrowIfCrashed(string during)
    {
        if (_backend.ExitReason is { } reason)
        {
            throw new MachineCrashedException(
                MachineFailures.Crashed($"{Name} stopped while waiting for {during}: {reason}", ReadConsole(), ArtifactDir));
        }

        var console = ReadConsole();
        var finding = ConsoleChecker.FindCrash(console, Name, _crashScanFrom, _context.ConsoleOptOuts);
        if (finding is not null)
        {
            throw new MachineCrashedException(MachineFailures.Crashed(
                $"{Name} crashed while waiting for {during}: {finding.Description} on console line {finding.LineNumber}: {finding.Line}",
                console,
                ArtifactDir));
        }

        // Later scans start at the last (possibly incomplete) line.
        var lastLineStart = console.LastIndexOf('\n') + 1;
        if (lastLineStart > _crashScanFrom)
        {
            _crashScanFrom = lastLineStart;
        }
    }

    private async Task<string> UnitFailedMessageAsync(ISshConnection ssh, string unit, string state, CancellationToken cancellationToken)
    {
        var quoted = ShellQuote.Quote(unit);
        var status = await EvidenceAsync(ssh, $"systemctl status --no-pager -l {quoted}", cancellationToken);
        var journal = await EvidenceAsync(
            ssh,
            $"sudo -n journalctl --no-pager -n 30 -u {quoted} 2>/dev/null || journalctl --no-pager -n 30 -u {quoted}",
            cancellationToken);
        return $"unit {unit} on {Name} failed ({state})\n" +
            $"  systemctl status:\n{TextTail.Indent(TextTail.Last(status, 20), "    ")}\n" +
            $"  journal:\n{TextTail.Indent(TextTail.Last(journal, 30), "    ")}\n" +
            $"  artifacts: {ArtifactDir}";
    }

    private static async Task<string> EvidenceAsync(ISshConnection ssh, string command, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ssh.ExecAsync(command, SshExecOptions.Default with { Timeout = TimeSpan.FromSeconds(30) }, cancellationToken);
            var text = (result.Stdout + result.Stderr).Trim();
            return text.Length == 0 ? $"(no output, exit {result.ExitCode})" : text;
        }
        catch (ProcessTimeoutException e)
        {
            return $"(not available: {e.Message})";
        }
    }
}
