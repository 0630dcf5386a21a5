using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Qemu;

/// <summary>The QEMU platform's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Starting machine {Machine}: {MemoryMiB} MiB, {Cpus} vCPUs, {ExtraDisks} extra disks, SSH forward 127.0.0.1:{SshPort}, accel {Accelerator}")]
    public static partial void MachineStarting(ILogger logger, string machine, int memoryMiB, int cpus, int extraDisks, int sshPort, string accelerator);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Machine {Machine} is running (qemu pid {Pid}, SSH 127.0.0.1:{SshPort}) after {Elapsed:0.00}s")]
    public static partial void MachineStarted(ILogger logger, string machine, int pid, int sshPort, double elapsed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Machine {Machine}: QEMU could not forward 127.0.0.1:{SshPort} (port taken?); retrying with another port (attempt {Attempt})")]
    public static partial void PortForwardRetry(ILogger logger, string machine, int sshPort, int attempt);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Machine {Machine} stopped: {Reason}")]
    public static partial void MachineExited(ILogger logger, string machine, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Machine {Machine}: QEMU did not quit within {Grace:0.#}s; killing it")]
    public static partial void KillingAfterGrace(ILogger logger, string machine, double grace);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Machine {Machine} destroyed in {Elapsed:0.00}s")]
    public static partial void MachineDestroyed(ILogger logger, string machine, double elapsed);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Could not delete {Path}: {Error}")]
    public static partial void CleanupFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Machine {Machine}: hard reset (system_reset)")]
    public static partial void MachineReset(ILogger logger, string machine);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Machine {Machine} could not be created after {Elapsed:0.00}s; cleaned up: {Error}")]
    public static partial void MachineCreateFailed(ILogger logger, string machine, double elapsed, string error);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Accelerator {Accelerator}: {Reason}")]
    public static partial void AcceleratorChosen(ILogger logger, string accelerator, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Probing KVM with {Binary} (a firmware-only guest, at most {Timeout:0.#}s)")]
    public static partial void ProbeStarted(ILogger logger, string binary, double timeout);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "KVM probe done in {Elapsed:0.00}s: {Verdict}")]
    public static partial void ProbeFinished(ILogger logger, double elapsed, string verdict);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Swept leftovers of {Owner} from dead harness pid {HarnessPid}: killed {Killed} processes, deleted {Deleted} paths")]
    public static partial void StaleSwept(ILogger logger, string owner, int harnessPid, int killed, int deleted);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Could not write the accelerator cache {Path}: {Error}")]
    public static partial void CacheWriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "QEMU platform ready: {Description}")]
    public static partial void PlatformReady(ILogger logger, string description);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Machine {Machine}: QMP quit failed ({Error}); killing QEMU")]
    public static partial void QuitFailed(ILogger logger, string machine, string error);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "Machine {Machine}: private-network link {State}")]
    public static partial void PrivateLink(ILogger logger, string machine, string state);

    [LoggerMessage(EventId = 18, Level = LogLevel.Information, Message = "Machine {Machine}: reset ({Reason}); QEMU started again on the same disks and firmware variables (pid {Pid}) in {Elapsed:0.00}s")]
    public static partial void PowerCycled(ILogger logger, string machine, string reason, int pid, double elapsed);

    [LoggerMessage(EventId = 19, Level = LogLevel.Information, Message = "Machine {Machine}: saved ({SizeMiB} MiB) in {Elapsed:0.00}s to {Folder}")]
    public static partial void SnapshotSaved(ILogger logger, string machine, long sizeMiB, double elapsed, string folder);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Machine {Machine} resumed its saved state (qemu pid {Pid}, SSH 127.0.0.1:{Port}) {Elapsed:0.00}s after QEMU started")]
    public static partial void MachineResumed(ILogger logger, string machine, int pid, int port, double elapsed);
}
