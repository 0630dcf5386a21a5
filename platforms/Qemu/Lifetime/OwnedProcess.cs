namespace Harness.Platforms.Qemu;

/// <summary>A process identified by pid and start time (so a reused pid is never mistaken for it).</summary>
internal sealed record OwnedProcess(int Pid, long Start)
{
    /// <summary>The identity of <paramref name="pid"/> now; null when it is not running.</summary>
    public static OwnedProcess? Of(int pid) => ProcInfo.StartTime(pid) is { } start ? new OwnedProcess(pid, start) : null;
}
