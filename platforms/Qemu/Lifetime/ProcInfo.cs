using System.Diagnostics;
using System.Globalization;

namespace Harness.Platforms.Qemu;

/// <summary>Process identity from <c>/proc</c>: a pid plus its start time survives pid reuse.</summary>
internal static class ProcInfo
{
    /// <summary>
    /// The start time of <paramref name="pid"/> in clock ticks since boot (field 22 of <c>/proc/PID/stat</c>),
    /// or null when there is no such live process (gone or a zombie).
    /// </summary>
    public static long? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return ParseStartTime(stat);
    }

    /// <summary>Parses the start time out of a <c>/proc/PID/stat</c> line; null for zombies and malformed lines.</summary>
    public static long? ParseStartTime(string stat)
    {
        // The command name (field 2) is in parentheses and may contain spaces and ')'; fields after the last ')' are plain.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        if (fields.Length < 20 || fields[0] is "Z" or "X")
        {
            return null;
        }

        return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }

    /// <summary>True when <paramref name="pid"/> is alive and is still the process that started at <paramref name="startTime"/>.</summary>
    public static bool IsSameProcessAlive(int pid, long startTime) => pid > 0 && StartTime(pid) == startTime;

    /// <summary>Sends SIGKILL to <paramref name="pid"/> if it is still the process that started at <paramref name="startTime"/>.</summary>
    /// <returns>True when a kill was sent.</returns>
    public static bool KillIfSame(int pid, long startTime)
    {
        if (!IsSameProcessAlive(pid, startTime))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>The kernel release (<c>uname -r</c>).</summary>
    public static string KernelRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Environment.OSVersion.Version.ToString();
        }
    }
}
