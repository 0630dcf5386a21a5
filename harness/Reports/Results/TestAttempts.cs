namespace Harness.Results;

/// <summary>
/// All attempts of one test in one run, in attempt order. The verdict is the last attempt's; a test that passed
/// after a failed attempt is a flake (never hidden: the earlier attempts stay listed).
/// </summary>
/// <param name="Name">Kola-style test name.</param>
/// <param name="Attempts">The attempts, ordered by <see cref="TestResult.Attempt"/>.</param>
public sealed record TestAttempts(string Name, IReadOnlyList<TestResult> Attempts)
{
    /// <summary>The last attempt.</summary>
    public TestResult Last => Attempts[^1];

    /// <summary>The final status (the last attempt's).</summary>
    public TestStatus Status => Last.Status;

    /// <summary>Passed on a later attempt after at least one failed attempt.</summary>
    public bool Flaky => Last.Status == TestStatus.Passed && Attempts.Any(a => a.Status == TestStatus.Failed);

    /// <summary>The earlier attempts that failed.</summary>
    public IEnumerable<TestResult> FailedAttempts => Attempts.Where(a => a.Status == TestStatus.Failed);

    /// <summary>Groups a document's entries by test name, in order of first appearance.</summary>
    public static IReadOnlyList<TestAttempts> Of(ResultsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return [.. document.Tests
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => new TestAttempts(g.Key, [.. g.OrderBy(t => t.Attempt)]))];
    }
}
