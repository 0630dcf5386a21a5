using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Sysext;

/// <summary>
/// The <c>KEY=value</c> format of os-release(5) and extension-release files: one assignment a line, values bare or in
/// single or double quotes (backslash escapes inside double quotes), <c>#</c> comments and blank lines ignored.
/// </summary>
internal static partial class ReleaseFile
{
    /// <summary>The assignments in <paramref name="text"/>, in order; a later assignment of a key replaces the earlier.</summary>
    /// <exception cref="FormatException">A line is neither blank, a comment nor <c>KEY=value</c> (the message names the line).</exception>
    public static List<KeyValuePair<string, string>> Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pairs = new List<KeyValuePair<string, string>>();
        var lineNumber = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !KeyPattern().IsMatch(line[..eq]))
            {
                throw new FormatException($"{what}, line {lineNumber}: expected KEY=value, found '{line}'");
            }
            var key = line[..eq];
            var value = Unquote(line[(eq + 1)..]);
            pairs.RemoveAll(p => p.Key == key);
            pairs.Add(new KeyValuePair<string, string>(key, value));
        }
        return pairs;
    }

    /// <summary><c>KEY=value</c>, the value bare when it is made of safe characters, else in double quotes.</summary>
    public static string Line(string key, string value) =>
        SafeValue().IsMatch(value) ? $"{key}={value}" : $"{key}=\"{Escape(value)}\"";

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1];
        }
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            var inner = value[1..^1];
            var text = new StringBuilder(inner.Length);
            for (var i = 0; i < inner.Length; i++)
            {
                if (inner[i] == '\\' && i + 1 < inner.Length)
                {
                    i++;
                }
                text.Append(inner[i]);
            }
            return text.ToString();
        }
        return value;
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal)
            .Replace("`", "\\`", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._:+\-/]*$")]
    private static partial Regex SafeValue();
}
