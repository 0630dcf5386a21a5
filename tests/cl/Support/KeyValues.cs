namespace Tests.Cl.Support;

/// <summary>
/// <c>KEY=value</c> lines as printed by the catalog's guest scripts and by <c>/etc/os-release</c>: one pair a line,
/// values optionally in double or single quotes, <c>#</c> comments and blank lines ignored. Reading a key that is
/// not there fails the test with the whole text quoted.
/// </summary>
public sealed class KeyValues
{
    private readonly Dictionary<string, string> _values;
    private readonly string _text;
    private readonly string _what;

    private KeyValues(Dictionary<string, string> values, string text, string what)
    {
        _values = values;
        _text = text;
        _what = what;
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="what"/> names it in failure messages.</summary>
    public static KeyValues Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            var value = line[(eq + 1)..];
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            values[line[..eq]] = value;
        }
        return new KeyValues(values, text, what);
    }

    /// <summary>The value of <paramref name="key"/>; fails the test when it is missing.</summary>
    public string this[string key] =>
        _values.TryGetValue(key, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"{_what} has no '{key}=' line; it said:\n{_text}");

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public string? Find(string key) => _values.GetValueOrDefault(key);

    /// <summary>The value of <paramref name="key"/> as a 64-bit integer; fails the test when missing or not a number.</summary>
    public long Long(string key) =>
        long.TryParse(this[key], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new Xunit.Sdk.XunitException($"{_what}: '{key}={this[key]}' is not a whole number; it said:\n{_text}");

    /// <summary>All keys, in no particular order.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>The text as parsed, for failure messages.</summary>
    public override string ToString() => _text;
}
