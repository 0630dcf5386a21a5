namespace Harness.Results;

/// <summary>The whole of <c>results.json</c>: the run, then one entry per test attempt in completion order.</summary>
/// <param name="Run">Run-level facts.</param>
/// <param name="Tests">Test attempts.</param>
public sealed record ResultsDocument(RunInfo Run, IReadOnlyList<TestResult> Tests);
