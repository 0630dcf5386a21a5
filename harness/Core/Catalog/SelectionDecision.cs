namespace Harness.Catalog;

/// <summary>Whether a test runs here, and if not, why (the reason is reported as the skip message).</summary>
public sealed record SelectionDecision
{
    private SelectionDecision(bool shouldRun, string? skipReason)
    {
        ShouldRun = shouldRun;
        SkipReason = skipReason;
    }

    /// <summary>The test applies and runs.</summary>
    public static SelectionDecision Run { get; } = new(true, null);

    /// <summary>True when the test runs.</summary>
    public bool ShouldRun { get; }

    /// <summary>Why the test is skipped; null when it runs.</summary>
    public string? SkipReason { get; }

    /// <summary>The test is skipped for <paramref name="reason"/>.</summary>
    public static SelectionDecision Skip(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(false, reason);
    }

    /// <inheritdoc />
    public override string ToString() => ShouldRun ? "run" : "skip: " + SkipReason;
}
