namespace Harness.Sysext;

/// <summary>What <c>systemd-sysext refresh</c> said (<see cref="SysextMachine.RefreshSysextAsync"/>'s stderr, debug level).</summary>
public static class SysextRefreshLog
{
    private static readonly string[] DissectWords = ["dissect", "file system type", "unknown filesystem"];

    /// <summary>
    /// The line in which systemd-sysext says it could not dissect the image of <paramref name="extension"/> (an older
    /// systemd meeting a filesystem it does not know, e.g. erofs), without the white space around it; null when it did not say so.
    /// </summary>
    public static string? DissectRefusal(string log, string extension)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentException.ThrowIfNullOrEmpty(extension);
        return log.Split('\n', StringSplitOptions.TrimEntries)
            .FirstOrDefault(line => line.Contains(extension, StringComparison.Ordinal)
                && DissectWords.Any(word => line.Contains(word, StringComparison.OrdinalIgnoreCase)));
    }
}
