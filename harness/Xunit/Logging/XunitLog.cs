using Harness.Results;
using Microsoft.Extensions.Logging;

namespace Harness.Xunit.Logging;

/// <summary>Source-generated log messages of the xunit glue (run, tests, scheduling, cleanup).</summary>
internal static partial class XunitLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "run {RunId}: folder {Folder}, platform {Platform} {Arch}, image {Image} (version {Version}), tests '{Patterns}'")]
    public static partial void RunStarted(ILogger logger, string runId, string folder, string platform, string arch, string image, string version, string patterns);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "platform ready: {Description}; scheduler: {Limits}")]
    public static partial void PlatformReady(ILogger logger, string description, string limits);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "platform setup failed: {Reason}")]
    public static partial void PlatformFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "platform factory threw")]
    public static partial void PlatformException(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "{Test}: starting (limit {Limit}, artifacts {Folder})")]
    public static partial void TestStarting(ILogger logger, string test, LogSpan limit, string folder);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "{Test}: {Status} in {Elapsed}")]
    public static partial void TestFinished(ILogger logger, string test, TestStatus status, LogSpan elapsed);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "{Test}: {Status} in {Elapsed}: {Detail}")]
    public static partial void TestFinishedWith(ILogger logger, string test, TestStatus status, LogSpan elapsed, string detail);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Information, Message = "{Test}: {Note}")]
    public static partial void DenylistNote(ILogger logger, string test, string note);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "{Test}: failed; running it again (attempt {Attempt} of {Attempts}, HARNESS_RERUNS)")]
    public static partial void TestRerun(ILogger logger, string test, int attempt, int attempts);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "{Test}: time limit {Limit} used up; cancelling the test")]
    public static partial void TestTimedOut(ILogger logger, string test, LogSpan limit);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "{Test}: disposing {Count} machine(s) the test left running")]
    public static partial void DisposingLeftovers(ILogger logger, string test, int count);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "{Test}: waiting for capacity for {Count} machine(s) ({Running} running, {Waiting} waiting; {Limits})")]
    public static partial void WaitingForCapacity(ILogger logger, string test, int count, int running, int waiting, string limits);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "{Test}: got capacity after {Waited} (not counted against the time limit)")]
    public static partial void GotCapacity(ILogger logger, string test, LogSpan waited);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "{Reason}: destroying {Count} live machine(s) and the platform")]
    public static partial void Cleanup(ILogger logger, string reason, int count);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "HARNESS_KEEP_MACHINES: keeping {Machine} of failed test {Test}; reach it with: {Command} (SSH key in {Secrets})")]
    public static partial void KeepingMachine(ILogger logger, string machine, string test, string command, string secrets);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Error, Message = "cannot write {Path}: {Reason}")]
    public static partial void ResultsWriteFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Warning, Message = "{Test}: holding its kept machines until {Marker} is deleted")]
    public static partial void HoldingMachines(ILogger logger, string test, string marker);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Error, Message = "SECRETS IN THE RUN FOLDER: {Count} found, first {First}; the list (never the secrets) is in {List}")]
    public static partial void SecretsFound(ILogger logger, int count, string list, string first);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Warning, Message = "cleanup on {Reason} was incomplete")]
    public static partial void CleanupIncomplete(ILogger logger, Exception exception, string reason);
}
