using Harness.ConsoleChecks;
using Harness.Waiting;

namespace Harness.Xunit.Sdk;

/// <summary>The failure messages the harness adds to a test: time limit used up, console-check findings.</summary>
internal static class TestFailures
{
    private const int MaxFindingLines = 20;

    /// <summary>
    /// "cl.basic timed out after 10m0.4s: its limit is 10m (HARNESS_TEST_TIMEOUT; 1m waiting for machine capacity not counted);
    /// the test was cancelled but did not stop within 30s" plus the body's last error.
    /// </summary>
    public static string Timeout(string test, TimeSpan elapsed, TimeSpan limit, string limitSource, TimeSpan paused, bool stopped, TimeSpan grace, Exception? bodyError)
    {
        var waited = paused > TimeSpan.Zero ? $"; {paused.ToShortText()} waiting for machine capacity not counted" : "";
        var reaction = stopped ? "the test was cancelled" : $"the test was cancelled but did not stop within {grace.ToShortText()}";
        var message = $"{test} timed out after {elapsed.ToShortText()}: its limit is {limit.ToShortText()} ({limitSource}{waited}); {reaction}";
        if (bodyError is not null && bodyError is not OperationCanceledException)
        {
            message += Environment.NewLine + "  last error: " + bodyError.Message.Split('\n')[0].TrimEnd('\r');
        }

        return message;
    }

    /// <summary>
    /// One line per finding: "console check 'kernel-panic' hit on cl-basic-m1 (console.txt:123): Kernel panic - not syncing: …",
    /// at most 20 lines, then how many more.
    /// </summary>
    public static string ConsoleFindings(IReadOnlyList<ConsoleFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var lines = findings
            .Take(MaxFindingLines)
            .Select(f => $"console check '{f.CheckId}' hit on {f.Machine} ({f.Source}.txt:{f.LineNumber}): {f.Line}")
            .ToList();
        if (findings.Count > MaxFindingLines)
        {
            lines.Add($"… and {findings.Count - MaxFindingLines} more");
        }

        lines.Add("(allow an expected one with [AllowConsole(\"<check>\", Reason = \"…\")])");
        return string.Join(Environment.NewLine, lines);
    }
}
