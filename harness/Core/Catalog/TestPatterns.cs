namespace Harness.Catalog;

/// <summary>
/// The kola globs that select tests (<c>HARNESS_TESTS</c>): a test is selected when any pattern matches its name.
/// </summary>
public sealed class TestPatterns
{
    private TestPatterns(IReadOnlyList<KolaGlob> globs)
    {
        Globs = globs;
    }

    /// <summary>Selects every test (<c>*</c>).</summary>
    public static TestPatterns All { get; } = new([KolaGlob.Parse("*")]);

    /// <summary>The patterns.</summary>
    public IReadOnlyList<KolaGlob> Globs { get; }

    /// <summary>The patterns as written, comma separated (as in <c>HARNESS_TESTS</c>).</summary>
    public string Text => string.Join(',', Globs.Select(g => g.Pattern));

    /// <summary>Parses comma-separated patterns; empty text means all tests.</summary>
    /// <exception cref="FormatException">A pattern is malformed; the message names it.</exception>
    public static TestPatterns Parse(string? text) =>
        From((text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Builds the set from individual patterns; an empty list means all tests.</summary>
    /// <exception cref="FormatException">A pattern is malformed; the message names it.</exception>
    public static TestPatterns From(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var globs = new List<KolaGlob>();
        foreach (var pattern in patterns)
        {
            if (!KolaGlob.TryParse(pattern, out var glob, out var error))
            {
                throw new FormatException($"pattern '{pattern}' is not a valid kola glob ({error})");
            }

            globs.Add(glob);
        }

        return globs.Count == 0 ? All : new TestPatterns(globs);
    }

    /// <summary>True when some pattern matches <paramref name="name"/>.</summary>
    public bool Matches(string name) => Globs.Any(g => g.IsMatch(name));

    /// <summary>
    /// True when some pattern is exactly <paramref name="name"/> (no wildcard). As in kola, naming a test exactly
    /// runs it regardless of its version range, which is what reruns and "run just this one" want.
    /// </summary>
    public bool NamesExactly(string name) => Globs.Any(g => g.IsLiteral && g.IsMatch(name));

    /// <summary>
    /// The first pattern that matches none of <paramref name="names"/> (a typo, or a test of a catalog not given), or
    /// null when every pattern matches some name.
    /// </summary>
    public KolaGlob? FirstUnmatched(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var all = names as IReadOnlyCollection<string> ?? [.. names];
        return Globs.FirstOrDefault(g => !all.Any(g.IsMatch));
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
