namespace Harness.ConsoleChecks;

/// <summary>A line of console or journal text that matched a <see cref="ConsoleCheck"/>.</summary>
/// <param name="CheckId">The check's id (<c>kernel-panic</c>).</param>
/// <param name="Description">The check's description.</param>
/// <param name="Machine">The machine whose text it is.</param>
/// <param name="Source"><c>console</c> or <c>journal</c>.</param>
/// <param name="LineNumber">1-based line number in the scanned text.</param>
/// <param name="Line">The line (ANSI colours removed, at most 500 characters).</param>
/// <param name="Detail">The pattern's first group (e.g. the panic reason), or null.</param>
public sealed record ConsoleFinding(
    string CheckId,
    string Description,
    string Machine,
    string Source,
    int LineNumber,
    string Line,
    string? Detail)
{
    /// <summary>"m1 console:123: kernel panic (kernel-panic): Kernel panic - not syncing: …".</summary>
    public override string ToString() => $"{Machine} {Source}:{LineNumber}: {Description} ({CheckId}): {Line}";
}
