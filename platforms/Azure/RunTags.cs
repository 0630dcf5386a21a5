using System.Globalization;

namespace Harness.Platforms.Azure;

/// <summary>
/// The tags on every resource the harness creates in Azure: <c>created-by=harness</c>, <c>run-id</c>,
/// <c>created-at</c> and <c>expires-at</c> (UTC, ISO 8601). <c>harness gc</c> deletes only resource groups that carry
/// <c>created-by=harness</c> and have expired.
/// </summary>
public static class RunTags
{
    /// <summary>Tag naming the creator.</summary>
    public const string CreatedBy = "created-by";

    /// <summary>Value of <see cref="CreatedBy"/> on our resources.</summary>
    public const string Harness = "harness";

    /// <summary>Tag holding the run id.</summary>
    public const string RunId = "run-id";

    /// <summary>Tag holding the creation time.</summary>
    public const string CreatedAt = "created-at";

    /// <summary>Tag holding the time after which the resources may be deleted by anyone.</summary>
    public const string ExpiresAt = "expires-at";

    /// <summary>The tags for a run started at <paramref name="now"/> that should live <paramref name="timeToLive"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string runId, DateTimeOffset now, TimeSpan timeToLive) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CreatedBy] = Harness,
            [RunId] = runId,
            [CreatedAt] = Format(now),
            [ExpiresAt] = Format(now + timeToLive),
        };

    /// <summary>Formats a time as the tags do (<c>2026-12-01T13:04:02Z</c>).</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses a time tag; null when absent or malformed.</summary>
    public static DateTimeOffset? Parse(IReadOnlyDictionary<string, string> tags, string name)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.TryGetValue(name, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
    }
}
