namespace Harness.Reports;

/// <summary>The verdict of one test on one vendor, over all its attempts; ordered from most to least important.</summary>
public enum CellStatus
{
    /// <summary>Ran and never passed.</summary>
    Failed,

    /// <summary>Never passed, but every failure was warn-only (denylist <c>warn: true</c>).</summary>
    Warn,

    /// <summary>Passed after at least one failed attempt.</summary>
    Flaky,

    /// <summary>Passed (first time).</summary>
    Passed,

    /// <summary>Every attempt was skipped.</summary>
    Skipped,
}
