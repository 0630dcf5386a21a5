using Harness.Artifacts;
using Harness.ConsoleChecks;
using Harness.Failures;
using Harness.Logging;
using Harness.Ssh;
using Harness.Waiting;

namespace Harness.Machines;

public sealed partial class Machine
{
    /// <summary>
    /// The journal of every boot the machine kept, monotonic timestamps; as root when passwordless sudo works, so
    /// nothing is hidden by journal permissions.
    /// </summary>
    private const string JournalCaptureCommand =
        "if sudo -n true 2>/dev/null; then sudo -n journalctl --no-pager -o short-monotonic; else journalctl --no-pager -o short-monotonic; fi";

    /// <summary>
    /// Saves the evidence and destroys the machine: journal.txt (if SSH works), console checks over the console and
    /// journal (findings go to <see cref="MachineContext.ReportConsoleFindings"/>), platform artifacts, SSH connection closed,
    /// VM destroyed. Idempotent; never throws (failed steps are logged).
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposal ??= DisposeCoreAsync();
            return new ValueTask(_disposal);
        }
    }

    private async Task DisposeCoreAsync()
    {
        await Task.Yield();
        var journal = "";
        if (_ssh is not null && _sshUp && _backend.ExitReason is null)
        {
            if (PanicOfTheCurrentBoot() is { } panic)
            {
                HarnessLog.JournalSkippedAfterPanic(_logger, Name, panic.LineNumber, panic.Line);
            }
            else
            {
                await StepAsync("saving journal.txt", async ct => journal = await SaveJournalAsync(_ssh, ct), Timeouts.JournalCapture);
            }
        }

        await StepAsync("console checks", _ => RunConsoleChecks(journal), TimeSpan.FromMinutes(1));
        await StepAsync("collecting artifacts", _backend.CollectArtifactsAsync, TimeSpan.FromMinutes(2));
        if (_ssh is not null)
        {
            await StepAsync("closing SSH", async _ => await _ssh.DisposeAsync(), TimeSpan.FromMinutes(1));
        }

        await StepAsync("destroying", async _ => await _backend.DisposeAsync(), TimeSpan.FromMinutes(2));
    }

    /// <summary>
    /// The kernel panic of the current boot (the console from its last <c>Linux version</c> line on), else null. Such a
    /// guest answers SSH only after its panic timeout rebooted it and it booted again, a minute or more under emulation
    /// (cl.verity panics on purpose), so the journal is not waited for.
    /// </summary>
    private ConsoleFinding? PanicOfTheCurrentBoot()
    {
        var console = ReadConsole();
        var boot = console.LastIndexOf("Linux version ", StringComparison.Ordinal);
        var finding = ConsoleChecker.FindCrash(console, Name, boot < 0 ? 0 : console.LastIndexOf('\n', boot) + 1);
        return finding?.CheckId == ConsoleCheckCatalog.KernelPanic ? finding : null;
    }

    private async Task<string> SaveJournalAsync(ISshConnection ssh, CancellationToken cancellationToken)
    {
        var path = Path.Combine(ArtifactDir, "journal.txt");
        var options = SshExecOptions.Default with { Timeout = Timeouts.JournalCapture, StdoutFile = path, Reconnect = true };
        var result = await ssh.ExecAsync(JournalCaptureCommand, options, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InfrastructureException($"`journalctl` on {Name} exited {result.ExitCode}: {result.Stderr.Trim()}");
        }

        if (!File.Exists(path))
        {
            return result.Stdout;
        }

        // The journal is an artifact: a secret a unit logged (a token, a key) is removed before anyone reads it.
        var journal = await File.ReadAllTextAsync(path, cancellationToken);
        var redacted = SecretScan.FromEnvironment().Redact(journal);
        if (redacted != journal)
        {
            await AtomicFile.WriteAllTextAsync(path, redacted, cancellationToken);
        }

        return redacted;
    }

    private Task RunConsoleChecks(string journal)
    {
        var findings = ConsoleChecker.Scan(ReadConsole(), ConsoleChecker.ConsoleSource, Name, _context.ConsoleOptOuts)
            .Concat(ConsoleChecker.Scan(journal, ConsoleChecker.JournalSource, Name, _context.ConsoleOptOuts))
            .ToList();
        foreach (var finding in findings)
        {
            HarnessLog.ConsoleFinding(_logger, Name, finding.CheckId, finding.Source, finding.LineNumber, finding.Line);
        }

        _context.ReportConsoleFindings?.Invoke(findings);
        return Task.CompletedTask;
    }

    /// <summary>Runs one dispose step with a time limit, logging start, duration and failure; never throws.</summary>
    private async Task StepAsync(string step, Func<CancellationToken, Task> action, TimeSpan limit)
    {
        var started = _time.GetTimestamp();
        HarnessLog.StepStarting(_logger, Name, step);
        try
        {
            using var timeout = new CancellationTokenSource(limit);
            await action(timeout.Token).WaitAsync(limit + TimeSpan.FromSeconds(5), CancellationToken.None);
            var elapsed = _time.GetElapsedTime(started);
            HarnessLog.StepDone(_logger, Name, step, elapsed);
        }
        catch (Exception e)
        {
            var elapsed = _time.GetElapsedTime(started);
            HarnessLog.StepFailed(_logger, e, Name, step, elapsed);
        }
    }
}
