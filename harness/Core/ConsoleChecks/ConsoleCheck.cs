using System.Text.RegularExpressions;

namespace Harness.ConsoleChecks;

/// <summary>One "badness" pattern applied to console and journal text after a test (kola's <c>consoleChecks</c>).</summary>
/// <param name="Id">Stable id used in findings and opt-outs (<c>kernel-panic</c>).</param>
/// <param name="Description">What a match means ("kernel panic").</param>
/// <param name="Pattern">Matched against each line (ANSI colours removed). The first group that took part in the match is the finding's detail.</param>
/// <param name="SkipLineIf">A line matching this is not a finding (e.g. I/O errors of the CD-ROM <c>sr0</c>). Default none.</param>
public sealed record ConsoleCheck(string Id, string Description, Regex Pattern, Regex? SkipLineIf = null);
