using System.Text.Json;

namespace Harness.Sysext;

/// <summary>
/// What <c>systemd-sysext status --json=short</c> says is merged, per hierarchy. systemd 252 prints the string
/// <c>"none"</c> for an unmerged hierarchy where later versions print an empty array; both read as no extensions.
/// </summary>
public sealed record SysextStatus
{
    /// <summary>Merged extension names per hierarchy (<c>/usr</c>, <c>/opt</c>); a hierarchy with nothing merged has an empty list.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Hierarchies { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The names merged into <paramref name="hierarchy"/> (empty when none or when the hierarchy is not listed).</summary>
    public IReadOnlyList<string> MergedInto(string hierarchy) => Hierarchies.GetValueOrDefault(hierarchy) ?? [];

    /// <summary>Parses the JSON array systemd-sysext prints.</summary>
    /// <exception cref="FormatException">The text is not that array (the message quotes it).</exception>
    public static SysextStatus Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var hierarchies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var hierarchy = entry.GetProperty("hierarchy").GetString() ?? "";
                var extensions = entry.GetProperty("extensions");
                hierarchies[hierarchy] = extensions.ValueKind switch
                {
                    JsonValueKind.Array => [.. extensions.EnumerateArray().Select(e => e.GetString() ?? "")],
                    JsonValueKind.String when extensions.GetString() == "none" => [],
                    JsonValueKind.Null => [],
                    _ => throw new FormatException($"'extensions' of {hierarchy} is {extensions.GetRawText()}, expected an array or \"none\""),
                };
            }
            return new SysextStatus { Hierarchies = hierarchies };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"systemd-sysext status --json=short printed something else than its array of hierarchies: {json.Trim()}", e);
        }
    }
}
