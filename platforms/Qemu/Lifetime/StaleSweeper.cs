using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Qemu;

/// <summary>
/// Cleans up after harness processes that died without disposing their machines (SIGKILL, power loss): reads
/// the pid records in <c>STATE/pids/</c> and, for each whose harness process is gone, kills the recorded processes
/// (only if pid and start time still match) and deletes the recorded files.
/// </summary>
internal static partial class StaleSweeper
{
    /// <summary>Prefix of the run's short socket folders (in /tmp or $XDG_RUNTIME_DIR).</summary>
    public const string SocketDirPrefix = "hq-";

    /// <summary>The folder holding the pid records.</summary>
    public static string RecordDir(string stateDir) => Path.Combine(stateDir, "pids");

    /// <summary>Sweeps every stale record; records of live harness processes are left alone.</summary>
    /// <returns>How many stale records were swept.</returns>
    public static int Sweep(string stateDir, ILogger logger)
    {
        var dir = RecordDir(stateDir);
        if (!Directory.Exists(dir))
        {
            return 0;
        }

        var swept = 0;
        foreach (var file in Directory.EnumerateFiles(dir, "*.json"))
        {
            var record = PidRecord.TryRead(file);
            if (record is null)
            {
                // Half-written or foreign: drop it once it is clearly old.
                if (File.GetLastWriteTimeUtc(file) < DateTime.UtcNow.AddDays(-1))
                {
                    TryDelete(file, logger);
                }

                continue;
            }

            if (ProcInfo.IsSameProcessAlive(record.HarnessPid, record.HarnessStart))
            {
                continue;
            }

            var killed = record.Processes.Count(p => ProcInfo.KillIfSame(p.Pid, p.Start));
            var deleted = record.Paths.Count(p => IsOurs(p, stateDir) && TryDelete(p, logger));
            TryDelete(file, logger);
            Log.StaleSwept(logger, record.Owner, record.HarnessPid, killed, deleted);
            swept++;
        }

        return swept;
    }

    /// <summary>Deletes a file or a folder tree; false (and a log line) when it could not.</summary>
    public static bool TryDelete(string path, ILogger logger)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
                return true;
            }

            if (File.Exists(path))
            {
                File.Delete(path);
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CleanupFailed(logger, path, e.Message);
        }

        return false;
    }

    /// <summary>Only paths the platform creates are deleted: inside the state folder or inside a run's socket folder.</summary>
    internal static bool IsOurs(string path, string stateDir)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            return false;
        }

        var full = Path.GetFullPath(path);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDir)) + Path.DirectorySeparatorChar;
        if (full.StartsWith(root, StringComparison.Ordinal))
        {
            return true;
        }

        return IsSocketDir(full) || IsSocketDir(Path.GetDirectoryName(full) ?? "");
    }

    /// <summary>A run's socket folder: <c>hq-</c> and 10 hex digits, directly in /tmp or $XDG_RUNTIME_DIR.</summary>
    internal static bool IsSocketDir(string path)
    {
        var parent = Path.GetDirectoryName(path);
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return SocketDirName().IsMatch(Path.GetFileName(path))
            && (parent == "/tmp" || (!string.IsNullOrEmpty(runtime) && parent == Path.TrimEndingDirectorySeparator(runtime)));
    }

    [GeneratedRegex("^hq-[0-9a-f]{10}$", RegexOptions.CultureInvariant)]
    private static partial Regex SocketDirName();
}
