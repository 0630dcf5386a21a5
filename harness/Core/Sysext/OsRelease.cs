using Harness.Failures;
using Harness.Machines;
using Harness.Text;

namespace Harness.Sysext;

/// <summary>
/// A host's os-release(5) fields that decide which system extensions it accepts: <c>ID</c>, <c>VERSION_ID</c>,
/// <c>SYSEXT_LEVEL</c> (and <c>ID_LIKE</c>, which systemd 252 ignores for extensions). Immutable.
/// </summary>
public sealed record OsRelease
{
    /// <summary>The <c>ID=</c> value, or null.</summary>
    public string? Id { get; init; }

    /// <summary>The <c>ID_LIKE=</c> words.</summary>
    public IReadOnlyList<string> IdLike { get; init; } = [];

    /// <summary>The <c>VERSION_ID=</c> value, or null.</summary>
    public string? VersionId { get; init; }

    /// <summary>The <c>SYSEXT_LEVEL=</c> value, or null.</summary>
    public string? SysextLevel { get; init; }

    /// <summary>Parses os-release text.</summary>
    /// <exception cref="FormatException">A line is not <c>KEY=value</c>.</exception>
    public static OsRelease Parse(string text, string what = "os-release")
    {
        var fields = KeyValues.Parse(text, what);
        return new OsRelease
        {
            Id = NullIfEmpty(fields.Find("ID")),
            IdLike = (fields.Find("ID_LIKE") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            VersionId = NullIfEmpty(fields.Find("VERSION_ID")),
            SysextLevel = NullIfEmpty(fields.Find("SYSEXT_LEVEL")),
        };
    }

    /// <summary>Reads <c>/etc/os-release</c> (falling back to <c>/usr/lib/os-release</c>) from a running machine.</summary>
    /// <exception cref="TestFailureException">Neither file can be read.</exception>
    public static async Task<OsRelease> ReadAsync(Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var text = await machine.SucceedAsync("cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release", cancellationToken: cancellationToken);
        return Parse(text, $"/etc/os-release on {machine.Name}");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
