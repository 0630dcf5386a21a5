using System.Text.Json;

namespace Harness.Sysext;

/// <summary>
/// Parses <c>systemd-sysext list --json=short</c>: an array of objects with the table's columns as keys,
/// <c>name</c>, <c>type</c>, <c>path</c> and <c>time</c> (systemd 252, src/sysext/sysext.c <c>verb_list</c>).
/// </summary>
public static class SysextList
{
    /// <summary>The images, in systemd's order (by name).</summary>
    /// <exception cref="FormatException">The text is not that array (the message quotes it).</exception>
    public static IReadOnlyList<SysextListEntry> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return [.. document.RootElement.EnumerateArray().Select(e => new SysextListEntry(
                e.GetProperty("name").GetString() ?? "",
                e.GetProperty("type").GetString() ?? "",
                e.GetProperty("path").GetString() ?? ""))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"systemd-sysext list --json=short printed something else than its array of images: {json.Trim()}", e);
        }
    }
}
