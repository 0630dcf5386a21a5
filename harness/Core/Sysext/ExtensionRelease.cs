using System.Text;
using Harness.Text;

namespace Harness.Sysext;

/// <summary>
/// The fields of an extension's <c>usr/lib/extension-release.d/extension-release.NAME</c> file that systemd-sysext
/// matches against the host (research/flatcar-os.md §4.2). Null fields are not written. Immutable.
/// </summary>
public sealed record ExtensionRelease
{
    /// <summary>No fields at all.</summary>
    public static ExtensionRelease Empty { get; } = new();

    /// <summary><c>ID=</c>: must equal the host's ID, or be <c>_any</c>.</summary>
    public string? Id { get; init; }

    /// <summary><c>VERSION_ID=</c>: must equal the host's when the level is not compared.</summary>
    public string? VersionId { get; init; }

    /// <summary><c>SYSEXT_LEVEL=</c>: when both host and extension have one, they must be equal.</summary>
    public string? SysextLevel { get; init; }

    /// <summary><c>ARCHITECTURE=</c>: systemd's name (<c>x86-64</c>, <c>arm64</c>) or <c>_any</c>; unset matches every host.</summary>
    public string? Architecture { get; init; }

    /// <summary><c>SYSEXT_SCOPE=</c>: space-separated <c>system initrd portable</c>; unset means <c>system portable</c>.</summary>
    public string? Scope { get; init; }

    /// <summary>Other fields written after the matched ones, in order (e.g. <c>EXTENSION_RELOAD_MANAGER=1</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; init; } = [];

    /// <summary>The file's text: <c>ID</c>, <c>VERSION_ID</c>, <c>SYSEXT_LEVEL</c>, <c>ARCHITECTURE</c>, <c>SYSEXT_SCOPE</c>, then <see cref="Extra"/>; <c>\n</c> line ends.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                text.Append(KeyValues.Line(key, value)).Append('\n');
            }
        }
        Add("ID", Id);
        Add("VERSION_ID", VersionId);
        Add("SYSEXT_LEVEL", SysextLevel);
        Add("ARCHITECTURE", Architecture);
        Add("SYSEXT_SCOPE", Scope);
        foreach (var (key, value) in Extra)
        {
            Add(key, value);
        }
        return text.ToString();
    }

    /// <summary>Parses an extension-release file.</summary>
    /// <exception cref="FormatException">A line is not <c>KEY=value</c>.</exception>
    public static ExtensionRelease Parse(string text, string what = "extension-release")
    {
        var fields = KeyValues.Parse(text, what);
        string[] matched = ["ID", "VERSION_ID", "SYSEXT_LEVEL", "ARCHITECTURE", "SYSEXT_SCOPE"];
        return new ExtensionRelease
        {
            Id = fields.Find("ID"),
            VersionId = fields.Find("VERSION_ID"),
            SysextLevel = fields.Find("SYSEXT_LEVEL"),
            Architecture = fields.Find("ARCHITECTURE"),
            Scope = fields.Find("SYSEXT_SCOPE"),
            Extra = [.. fields.Keys.Except(matched, StringComparer.Ordinal).Select(k => new KeyValuePair<string, string>(k, fields[k]))],
        };
    }

    /// <summary>This release with every field that is null here taken from <paramref name="fallback"/>.</summary>
    public ExtensionRelease Over(ExtensionRelease fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new ExtensionRelease
        {
            Id = Id ?? fallback.Id,
            VersionId = VersionId ?? fallback.VersionId,
            SysextLevel = SysextLevel ?? fallback.SysextLevel,
            Architecture = Architecture ?? fallback.Architecture,
            Scope = Scope ?? fallback.Scope,
            Extra = [.. fallback.Extra.Where(f => Extra.All(e => e.Key != f.Key)), .. Extra],
        };
    }

    /// <inheritdoc />
    public bool Equals(ExtensionRelease? other) => other is not null && Render() == other.Render();

    /// <inheritdoc />
    public override int GetHashCode() => Render().GetHashCode(StringComparison.Ordinal);
}
