using Microsoft.Extensions.Logging;

namespace Harness.Logging;

/// <summary>
/// Source-generated log messages of the machine layer (processes, SSH, waits, machines, console checks).
/// Structured fields: <c>Machine</c>, <c>Command</c>, <c>Elapsed</c> (short text such as "3.4s").
/// </summary>
internal static partial class HarnessLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "run `{Command}`")]
    public static partial void ProcessStarting(ILogger logger, string command);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "`{Command}` exited {ExitCode} in {Elapsed}")]
    public static partial void ProcessExited(ILogger logger, string command, int exitCode, LogDuration elapsed);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "{Machine}: connecting SSH to {Host}:{Port}")]
    public static partial void SshConnecting(ILogger logger, string machine, string host, int port);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "{Machine}: SSH connected in {Elapsed}")]
    public static partial void SshConnected(ILogger logger, string machine, LogDuration elapsed);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "{Machine}: transient SSH error (attempt {Attempt}), retrying in {Delay}: {Reason}")]
    public static partial void SshTransientRetry(ILogger logger, string machine, int attempt, LogDuration delay, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "{Machine}: SSH connection closed")]
    public static partial void SshClosed(ILogger logger, string machine);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "{Machine}: SSH transport failed during `{Command}`, reconnecting once: {Reason}")]
    public static partial void SshReconnect(ILogger logger, string machine, string command, string reason);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "{Machine}: no answer on the guest's closed probe port {Port} for {Seconds} s (a firewall dropping it?): asking sshd directly from now on")]
    public static partial void SshNetworkProbeSkipped(ILogger logger, string machine, int port, double seconds);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "{Machine}: {Command} → exit {ExitCode} in {Elapsed}")]
    public static partial void Exec(ILogger logger, string machine, string command, int exitCode, LogDuration elapsed);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "{Machine}: waiting for {What}")]
    public static partial void WaitStarting(ILogger logger, string machine, string what);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "{Machine}: {What}: done in {Elapsed}")]
    public static partial void WaitDone(ILogger logger, string machine, string what, LogDuration elapsed);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "{Machine}: starting on {Platform}")]
    public static partial void MachineStarting(ILogger logger, string machine, string platform);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "{Machine}: started in {Elapsed} (artifacts: {ArtifactDir})")]
    public static partial void MachineStarted(ILogger logger, string machine, LogDuration elapsed, string artifactDir);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "{Machine}: {Step}")]
    public static partial void StepStarting(ILogger logger, string machine, string step);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "{Machine}: {Step}: done in {Elapsed}")]
    public static partial void StepDone(ILogger logger, string machine, string step, LogDuration elapsed);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "{Machine}: {Step} failed after {Elapsed}")]
    public static partial void StepFailed(ILogger logger, Exception exception, string machine, string step, LogDuration elapsed);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "{Machine}: rebooted, boot id {OldBootId} → {NewBootId}")]
    public static partial void Rebooted(ILogger logger, string machine, string oldBootId, string newBootId);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Information, Message = "{Machine}: journal.txt not saved: the guest kernel panicked (console line {Line}: {Text}) and no kernel started after it, so SSH cannot answer until a panic reboot and a new boot; console.txt has the evidence")]
    public static partial void JournalSkippedAfterPanic(ILogger logger, string machine, int line, string text);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "{Machine}: console check {CheckId} matched {Source} line {Line}: {Text}")]
    public static partial void ConsoleFinding(ILogger logger, string machine, string checkId, string source, int line, string text);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "{Machine}: start-up finished ({State}) in {Elapsed}; saving it as a template")]
    public static partial void TemplateSettled(ILogger logger, string machine, string state, LogDuration elapsed);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "{Machine}: template saved ({SizeMiB} MiB) in {Elapsed} to {Directory}")]
    public static partial void TemplateSaved(ILogger logger, string machine, long sizeMiB, LogDuration elapsed, string directory);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "{Machine}: restoring on {Platform} from template {Template}")]
    public static partial void MachineRestoring(ILogger logger, string machine, string platform, string template);
}
