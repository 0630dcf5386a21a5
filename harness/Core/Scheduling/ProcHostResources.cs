using System.Globalization;

namespace Harness.Scheduling;

/// <summary>The real host: <c>/proc/meminfo</c> and <see cref="Environment.ProcessorCount"/>.</summary>
public sealed class ProcHostResources : IHostResources
{
    private readonly string _meminfoPath;

    /// <summary>Reads <paramref name="meminfoPath"/> (default <c>/proc/meminfo</c>).</summary>
    public ProcHostResources(string meminfoPath = "/proc/meminfo")
    {
        _meminfoPath = meminfoPath;
    }

    /// <inheritdoc />
    public int ProcessorCount => Environment.ProcessorCount;

    /// <inheritdoc />
    public long? AvailableMemoryMiB()
    {
        try
        {
            return ParseMemAvailable(File.ReadAllText(_meminfoPath));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Extracts <c>MemAvailable</c> (kB) from meminfo text, in MiB; null when absent.</summary>
    public static long? ParseMemAvailable(string meminfo)
    {
        ArgumentNullException.ThrowIfNull(meminfo);
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line["MemAvailable:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                return kb / 1024;
            }
        }

        return null;
    }
}
