using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Azure;

/// <summary>The Azure platform's log messages (source-generated). No message carries a credential, token or SAS link.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "ARM answered {Answer}; retry {Attempt}/{MaxRetries} in {Delay:0.##}s")]
    public static partial void ArmRetry(ILogger logger, string answer, int attempt, int maxRetries, double delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Azure: {What} done in {Elapsed:0.00}s")]
    public static partial void ArmCallDone(ILogger logger, string what, double elapsed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Azure run resource group {Group} in {Location} (expires {ExpiresAt}); network ready in {Elapsed:0.00}s")]
    public static partial void RunReady(ILogger logger, string group, string location, string expiresAt, double elapsed);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Machine {Machine}: creating VM {Vm} ({Size}, image {Image})")]
    public static partial void MachineCreating(ILogger logger, string machine, string vm, string size, string image);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Machine {Machine} is running at {Address} after {Elapsed:0.00}s")]
    public static partial void MachineCreated(ILogger logger, string machine, string address, double elapsed);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Machine {Machine} could not be created; console collected, resources deleted: {Error}")]
    public static partial void MachineCreateFailed(ILogger logger, string machine, string error);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Machine {Machine}: serial log not collected: {Error}")]
    public static partial void SerialLogFailed(ILogger logger, string machine, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Machine {Machine} destroyed in {Elapsed:0.00}s")]
    public static partial void MachineDestroyed(ILogger logger, string machine, double elapsed);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Azure cleanup: {What} failed: {Error}")]
    public static partial void CleanupFailed(ILogger logger, string what, string error);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Azure run resource group {Group} deleted in {Elapsed:0.00}s")]
    public static partial void RunGroupDeleted(ILogger logger, string group, double elapsed);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Machine {Machine}: hard restart")]
    public static partial void MachineReset(ILogger logger, string machine);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "gc: deleting resource group {Group} ({Reason})")]
    public static partial void GcDeleting(ILogger logger, string group, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "gc: keeping resource group {Group} ({Reason})")]
    public static partial void GcKeeping(ILogger logger, string group, string reason);
}
