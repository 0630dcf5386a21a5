using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Releases;

/// <summary>
/// Parsers for the small text files of a release server: <c>version.txt</c> (shell assignments,
/// <c>FLATCAR_VERSION=4459.2.4</c>), <c>lts-info</c> (<c>major:year:supported</c> lines) and <c>&lt;file&gt;.DIGESTS</c>
/// (Gentoo style: <c># SHA512 HASH</c> then <c>&lt;hex&gt;  &lt;name&gt;</c>).
/// </summary>
public static partial class ReleaseIndex
{
    /// <summary>The <c>FLATCAR_VERSION</c> of a version.txt, or null.</summary>
    public static string? FlatcarVersion(string versionTxt)
    {
        ArgumentNullException.ThrowIfNull(versionTxt);
        var value = versionTxt.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("FLATCAR_VERSION=", StringComparison.Ordinal))
            .Select(l => l["FLATCAR_VERSION=".Length..].Trim('"', '\''))
            .LastOrDefault();
        return value is not null && IsVersion(value) ? value : null;
    }

    /// <summary>True for a release version <c>X.Y.Z</c>.</summary>
    public static bool IsVersion(string value) => VersionPattern().IsMatch(value);

    /// <summary>
    /// The LTS stream to follow for "current": the newest year marked <c>supported</c> in lts-info, or null when none is.
    /// </summary>
    public static int? CurrentLtsYear(string ltsInfo)
    {
        ArgumentNullException.ThrowIfNull(ltsInfo);
        int? newest = null;
        foreach (var line in ltsInfo.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3
                && fields[2] == "supported"
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                && (newest is null || year > newest))
            {
                newest = year;
            }
        }

        return newest;
    }

    /// <summary>The SHA-512 (lower-case hex) a DIGESTS file gives for <paramref name="fileName"/>, or null.</summary>
    public static string? Sha512For(string digests, string fileName)
    {
        ArgumentNullException.ThrowIfNull(digests);
        string? section = null;
        foreach (var raw in digests.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim().ToUpperInvariant();
                continue;
            }

            var parts = line.Split(' ', 2);
            if (section == "SHA512 HASH" && parts.Length == 2 && parts[1].TrimStart(' ', '*') == fileName && parts[0].Length == 128 && parts[0].All(Uri.IsHexDigit))
            {
                return parts[0].ToLowerInvariant();
            }
        }

        return null;
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
