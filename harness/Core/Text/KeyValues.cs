using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Text;

/// <summary>
/// <c>KEY=value</c> text in the format of os-release(5), extension-release files and environment files — also what
/// <c>systemctl show</c> and the catalog's guest scripts print: one assignment a line; blank lines and lines starting
/// with <c>#</c> or <c>;</c> ignored; white space around the key and before the value ignored, trailing white space
/// of a bare value dropped; a value may be in single quotes (taken literally) or double quotes (where a backslash
/// escapes <c>"</c>, <c>\</c>, <c>$</c> and <c>`</c>, and a quoted value may span lines); a quote inside a bare value is
/// an ordinary character, and a backslash in a bare value takes the next character literally. This is how systemd reads these files (<c>parse_env_file</c>), which is what
/// systemd-sysext and os-release readers use. A key may be assigned more than once (<see cref="All"/>); lookups by
/// key see the last assignment. Immutable.
/// </summary>
public sealed partial class KeyValues
{
    private readonly List<KeyValuePair<string, string>> _pairs;

    private KeyValues(List<KeyValuePair<string, string>> pairs, string text, string what)
    {
        _pairs = pairs;
        Text = text;
        What = what;
    }

    /// <summary>What the text is (<c>/etc/os-release on m1</c>), as failure messages name it.</summary>
    public string What { get; }

    /// <summary>The text as parsed.</summary>
    public string Text { get; }

    /// <summary>Every assignment, in order, repeated keys included.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>The keys, each once, in the order of their first assignment.</summary>
    public IReadOnlyList<string> Keys => [.. _pairs.Select(p => p.Key).Distinct(StringComparer.Ordinal)];

    /// <summary>The value of the last assignment of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException"><paramref name="key"/> is not assigned; the message quotes the whole text.</exception>
    public string this[string key] =>
        Find(key) ?? throw new KeyNotFoundException($"{What} has no '{key}=' line; it said:\n{Indented()}");

    /// <summary>
    /// Parses <paramref name="text"/>; <paramref name="what"/> names it in error messages.
    /// </summary>
    /// <exception cref="FormatException">A line is neither blank, a comment nor <c>KEY=value</c> with a key of letters,
    /// digits, <c>_</c>, <c>.</c> and <c>-</c> (not starting with a digit), or a quote is not closed; the message names the line.</exception>
    public static KeyValues Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(what);
        return new KeyValues(new Reader(text.ReplaceLineEndings("\n"), what).ReadAll(), text, what);
    }

    /// <summary>The value of the last assignment of <paramref name="key"/>, or null when there is none.</summary>
    public string? Find(string key)
    {
        for (var i = _pairs.Count - 1; i >= 0; i--)
        {
            if (_pairs[i].Key == key)
            {
                return _pairs[i].Value;
            }
        }

        return null;
    }

    /// <summary>The values of every assignment of <paramref name="key"/>, in order (empty when there is none).</summary>
    public IReadOnlyList<string> All(string key) => [.. _pairs.Where(p => p.Key == key).Select(p => p.Value)];

    /// <summary>The value of <paramref name="key"/> as a whole number of digits only (no sign, no white space).</summary>
    /// <exception cref="KeyNotFoundException"><paramref name="key"/> is not assigned.</exception>
    /// <exception cref="FormatException">The value is not a whole number; the message quotes the whole text.</exception>
    public long Long(string key)
    {
        var value = this[key];
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"{What}: '{key}={value}' is not a whole number; it said:\n{Indented()}");
    }

    /// <summary>
    /// One line <c>KEY=value</c> (no line end) that <see cref="Parse"/> reads back as <paramref name="value"/>: bare
    /// when the value is made of letters, digits and <c>. _ : + - /</c>, else in double quotes with <c>" \ $ `</c> escaped.
    /// </summary>
    public static string Line(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!KeyPattern().IsMatch(key))
        {
            throw new ArgumentException($"'{key}' is not a valid key", nameof(key));
        }

        return SafeValue().IsMatch(value) ? $"{key}={value}" : $"{key}=\"{Escape(value)}\"";
    }

    /// <summary>The text as parsed.</summary>
    public override string ToString() => Text;

    private string Indented() => string.Join('\n', Text.TrimEnd('\n').Split('\n').Select(l => "  " + l));

    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '"' or '\\' or '$' or '`')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._:+\-/]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeValue();

    /// <summary>Reads the assignments line by line; a double-quoted value may continue on the next lines.</summary>
    private sealed class Reader(string text, string what)
    {
        private int _position;
        private int _line = 1;

        public List<KeyValuePair<string, string>> ReadAll()
        {
            var result = new List<KeyValuePair<string, string>>();
            while (_position < text.Length)
            {
                var startLine = _line;
                var lineEnd = text.IndexOf('\n', _position);
                var rest = lineEnd < 0 ? text[_position..] : text[_position..lineEnd];
                var trimmed = rest.TrimStart();
                if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
                {
                    SkipLine(lineEnd);
                    continue;
                }

                var equals = rest.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? "" : rest[..equals].Trim();
                if (equals < 0 || !KeyPattern().IsMatch(key))
                {
                    throw new FormatException($"{what}, line {startLine}: expected KEY=value, found '{rest.Trim()}'");
                }

                _position += equals + 1;
                result.Add(new KeyValuePair<string, string>(key, ReadValue(startLine)));
            }

            return result;
        }

        private void SkipLine(int lineEnd)
        {
            _position = lineEnd < 0 ? text.Length : lineEnd + 1;
            _line++;
        }

        /// <summary>
        /// From after the <c>=</c> to the end of the value's (last) line, which is consumed. As in systemd, a quote opens
        /// a quoted part only where a value (or the part after a closing quote) begins; inside a bare value it is literal.
        /// </summary>
        private string ReadValue(int startLine)
        {
            var value = new StringBuilder();
            var keptLength = 0; // the value's length without the trailing white space of a bare part
            var beginning = true;
            while (_position < text.Length && text[_position] != '\n')
            {
                var c = text[_position++];
                if (beginning && c is ' ' or '\t')
                {
                    continue;
                }

                if (beginning && c == '\'')
                {
                    var close = text.IndexOf('\'', _position);
                    if (close < 0)
                    {
                        throw new FormatException($"{what}, line {startLine}: a single quote is not closed");
                    }

                    var quoted = text[_position..close];
                    _line += quoted.Count(ch => ch == '\n');
                    value.Append(quoted);
                    _position = close + 1;
                    keptLength = value.Length;
                    continue;
                }

                if (beginning && c == '"')
                {
                    ReadDoubleQuoted(value, startLine);
                    keptLength = value.Length;
                    continue;
                }

                beginning = false;
                if (c == '\\')
                {
                    if (_position < text.Length && text[_position] == '\n')
                    {
                        _position++; // a line continuation
                        _line++;
                    }
                    else if (_position < text.Length)
                    {
                        value.Append(text[_position++]);
                        keptLength = value.Length;
                    }

                    continue;
                }

                value.Append(c);
                if (c is not (' ' or '\t'))
                {
                    keptLength = value.Length;
                }
            }

            if (_position < text.Length)
            {
                _position++; // the line end
                _line++;
            }

            return value.ToString(0, keptLength);
        }

        private void ReadDoubleQuoted(StringBuilder value, int startLine)
        {
            while (true)
            {
                if (_position >= text.Length)
                {
                    throw new FormatException($"{what}, line {startLine}: a double quote is not closed");
                }

                var c = text[_position++];
                if (c == '"')
                {
                    return;
                }

                if (c == '\\' && _position < text.Length)
                {
                    var next = text[_position++];
                    if (next == '\n')
                    {
                        _line++; // a line continuation
                    }
                    else if (next is '"' or '\\' or '$' or '`')
                    {
                        value.Append(next);
                    }
                    else
                    {
                        value.Append('\\').Append(next);
                    }

                    continue;
                }

                if (c == '\n')
                {
                    _line++;
                }

                value.Append(c);
            }
        }
    }
}
