using System.Globalization;

namespace Harness.Artifacts;

/// <summary>Run ids: <c>yyyyMMdd-HHmmss-xxxx</c> (UTC start time and 4 random hex digits), sortable by start time.</summary>
public static class RunId
{
    /// <summary>A new id for a run starting now.</summary>
    public static string New(TimeProvider? timeProvider = null, Random? random = null)
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var suffix = (random ?? Random.Shared).Next(0, 0x10000);
        return now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + suffix.ToString("x4", CultureInfo.InvariantCulture);
    }

    /// <summary>True when <paramref name="id"/> has the run-id shape.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: 20 }
        && DateTime.TryParseExact(id[..15], "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        && id[15] == '-'
        && id[16..].All(char.IsAsciiHexDigitLower);
}
