namespace Harness.Catalog;

/// <summary>
/// The tests of one catalog (one test project), by name. Names are unique; the catalog validates
/// <c>HARNESS_TESTS</c> against them so a typo fails fast instead of silently skipping everything.
/// </summary>
public sealed class TestCatalog
{
    private readonly Dictionary<string, TestMetadata> _byName;

    /// <summary>Creates the catalog.</summary>
    /// <exception cref="ArgumentException">Two tests share a name.</exception>
    public TestCatalog(IEnumerable<TestMetadata> tests)
    {
        ArgumentNullException.ThrowIfNull(tests);
        _byName = new Dictionary<string, TestMetadata>(StringComparer.Ordinal);
        foreach (var test in tests)
        {
            if (!_byName.TryAdd(test.Name, test))
            {
                throw new ArgumentException($"duplicate test name '{test.Name}': every [OsTest] name must be unique", nameof(tests));
            }
        }

        Tests = [.. _byName.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];
        Families = new HashSet<string>(Tests.Select(t => t.Name.Split('.')[0]), StringComparer.Ordinal);
    }

    /// <summary>All tests, ordered by name.</summary>
    public IReadOnlyList<TestMetadata> Tests { get; }

    /// <summary>The first name segments present (<c>cl</c>, <c>sysext</c>, …).</summary>
    public IReadOnlySet<string> Families { get; }

    /// <summary>The test named <paramref name="name"/>, or null.</summary>
    public TestMetadata? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The tests the patterns select by name.</summary>
    public IReadOnlyList<TestMetadata> Select(TestPatterns patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return [.. Tests.Where(t => patterns.Matches(t.Name))];
    }

    /// <summary>
    /// Returns one error line when a pattern that concerns this catalog matches none of its tests, else null.
    /// A pattern concerns this catalog when its first dotted segment is a wildcard or one of <see cref="Families"/>;
    /// patterns for other catalogs (<c>sysext.*</c> while running the <c>cl</c> project) are left to those catalogs.
    /// </summary>
    public string? ValidatePatterns(TestPatterns patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var glob in patterns.Globs)
        {
            var family = glob.LiteralFamily;
            var concernsUs = family is null || Families.Contains(family);
            if (!concernsUs || Tests.Any(t => glob.IsMatch(t.Name)))
            {
                continue;
            }

            var hint = glob.IsLiteral && Tests.Any(t => t.Name.StartsWith(glob.Pattern + ".", StringComparison.Ordinal))
                ? $"; did you mean '{glob.Pattern}.*'?"
                : string.Empty;
            return $"HARNESS_TESTS='{patterns.Text}': pattern '{glob.Pattern}' matches no test in this catalog ({Tests.Count} tests){hint}";
        }

        return null;
    }
}
