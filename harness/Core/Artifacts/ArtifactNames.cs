using System.Text;

namespace Harness.Artifacts;

/// <summary>Turns test and machine names into safe folder names and host-like machine names.</summary>
public static class ArtifactNames
{
    /// <summary>
    /// A folder-safe form of <paramref name="name"/>: ASCII letters, digits, <c>.</c>, <c>_</c> and <c>-</c> are kept,
    /// anything else becomes <c>-</c>; leading dots are dropped (no hidden folders); at most 100 characters.
    /// Kola names (<c>cl.ignition.files</c>) are kept as they are.
    /// </summary>
    public static string ForFolder(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var result = builder.ToString().TrimStart('.');
        if (result.Length > 100)
        {
            result = result[..100];
        }

        return result.Length == 0 || result is "." or ".." ? "unnamed" : result;
    }

    /// <summary>
    /// A hostname-like machine name for the <paramref name="index"/>-th machine (1-based) of a test:
    /// <c>cl.ignition.files</c>, 1 → <c>cl-ignition-files-m1</c>. Lowercase letters, digits and <c>-</c>; at most 63 characters.
    /// </summary>
    public static string ForMachine(string testName, int index)
    {
        ArgumentNullException.ThrowIfNull(testName);
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        var builder = new StringBuilder(testName.Length);
        foreach (var c in testName.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
            if (keep)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var stem = builder.ToString().Trim('-');
        var suffix = "-m" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (stem.Length + suffix.Length > 63)
        {
            stem = stem[..(63 - suffix.Length)].TrimEnd('-');
        }

        return (stem.Length == 0 ? "machine" : stem) + suffix;
    }
}
