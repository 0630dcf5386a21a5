namespace Harness.Denylists;

/// <summary>What the denylist says about one test here: run normally, skip (with reason) or run warn-only.</summary>
/// <param name="SkipReason">Why the test is skipped; null when it runs.</param>
/// <param name="WarnOnly">The test runs, but a failure does not fail the run.</param>
/// <param name="Tracker">The tracking link of the entry that applied, or null.</param>
/// <param name="Note">A line worth logging even when nothing applies (an expired snooze), or null.</param>
public sealed record DenylistDecision(string? SkipReason, bool WarnOnly, string? Tracker, string? Note)
{
    /// <summary>Nothing applies.</summary>
    public static DenylistDecision None { get; } = new(null, false, null, null);
}
