using System.Text.Json;

namespace Harness.Machines;

/// <summary>One mounted filesystem as <c>findmnt</c> lists it (<see cref="Machine.MountsAsync"/>).</summary>
/// <param name="Target">Mount point.</param>
/// <param name="Source">Device or source (<c>/dev/mapper/usr</c>, <c>overlay</c>).</param>
/// <param name="FsType">Filesystem type.</param>
/// <param name="Options">Mount options in order (<c>ro</c>, <c>relatime</c>, …).</param>
public sealed record MountEntry(string Target, string Source, string FsType, IReadOnlyList<string> Options)
{
    /// <summary>The <c>findmnt</c> columns read.</summary>
    public const string Columns = "TARGET,SOURCE,FSTYPE,OPTIONS";

    /// <summary>True when mounted read-only (the <c>ro</c> option).</summary>
    public bool IsReadOnly => Options.Contains("ro");

    /// <summary>Reads <c>findmnt --json --list -o <see cref="Columns"/></c> output: every mount, in findmnt's order.</summary>
    /// <exception cref="FormatException">It is not findmnt's JSON; the message names <paramref name="what"/>.</exception>
    public static IReadOnlyList<MountEntry> ParseList(string json, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.GetProperty("filesystems").EnumerateArray()
                .Select(fs => new MountEntry(
                    Text(fs, "target"),
                    Text(fs, "source"),
                    Text(fs, "fstype"),
                    Text(fs, "options").Split(',', StringSplitOptions.RemoveEmptyEntries)))
                .ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{what}: not findmnt's JSON list ({e.Message})", e);
        }
    }

    private static string Text(JsonElement fs, string column) =>
        fs.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    /// <summary><c>TARGET SOURCE FSTYPE OPTIONS</c>, as findmnt prints a row.</summary>
    public override string ToString() => $"{Target} {Source} {FsType} {string.Join(',', Options)}";
}
