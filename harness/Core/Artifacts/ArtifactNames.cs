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
    /// A hostname-like, run-unique machine name from the test's name and the machine's short name within the test:
    /// (<c>cl.ignition.files</c>, <c>m1</c>) → <c>cl-ignition-files-m1</c>. Lowercase ASCII letters, digits and
    /// single <c>-</c>; at most 63 characters (the test part is shortened, the machine part kept).
    /// </summary>
    public static string ForMachine(string testName, string machineName)
    {
        ArgumentNullException.ThrowIfNull(testName);
        ArgumentException.ThrowIfNullOrWhiteSpace(machineName);
        var machine = Hostish(machineName);
        if (machine.Length == 0)
        {
            machine = "m";
        }

        var stem = Hostish(testName);
        var room = 63 - machine.Length - 1;
        if (stem.Length > room)
        {
            stem = stem[..Math.Max(0, room)].TrimEnd('-');
        }

        return stem.Length == 0 ? machine : stem + "-" + machine;
    }

    private static string Hostish(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }
}
