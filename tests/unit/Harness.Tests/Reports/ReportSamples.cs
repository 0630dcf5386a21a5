using Harness.Reports;
using Harness.Results;

namespace Harness.Tests.Reports;

/// <summary>Runs to merge: amd64 (a flake, a failure, a warn-only failure, a snoozed skip, a pass) rerun once, and arm64.</summary>
internal static class ReportSamples
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    public static RunInfo Run(string arch, int minutes = 0, string channel = "stable") => new()
    {
        Id = $"20261201-10{minutes:00}00-{arch[..4]}",
        Platform = "qemu",
        Arch = arch,
        Channel = channel,
        ImageVersion = "4459.0.0",
        Image = "/img",
        Start = Start.AddMinutes(minutes),
    };

    /// <summary>The three runs; <paramref name="runFolder"/> (if given) holds the first run's artifacts.</summary>
    public static IReadOnlyList<ResultsSource> Sources(string? runFolder = null) =>
    [
        new(new ResultsDocument(Run("amd64"),
        [
            new TestResult("cl.basic", TestStatus.Passed, 1, 60_000, null, ["cl-basic-m1"]),
            new TestResult("cl.flaky", TestStatus.Failed, 1, 30_000, "timed out waiting for the widget", ["cl-flaky-m1"]) { Folder = "cl.flaky" },
            new TestResult("cl.flaky", TestStatus.Passed, 2, 31_000, null, ["cl-flaky-m1"]) { Folder = "cl.flaky~2" },
            new TestResult("cl.broken", TestStatus.Failed, 1, 20_000, "console check 'kernel-panic' hit on cl-broken-m1 (console.txt:3): Kernel panic - not syncing", ["cl-broken-m1"]) { Folder = "cl.broken" },
            new TestResult("cl.broken", TestStatus.Failed, 2, 20_000, "console check 'kernel-panic' hit on cl-broken-m1 (console.txt:3): Kernel panic - not syncing", ["cl-broken-m1"]) { Folder = "cl.broken~2" },
            new TestResult("cl.known", TestStatus.Failed, 1, 10_000, "known bug", ["cl-known-m1"]) { WarnOnly = true, Tracker = "https://github.com/flatcar/Flatcar/issues/629" },
            new TestResult("cl.snoozed", TestStatus.Skipped, 1, 0, "denylisted until 2026-12-31 by 'cl.snoozed'", []) { Tracker = "https://github.com/flatcar/Flatcar/issues/1" },
        ]), runFolder),
        new(new ResultsDocument(Run("amd64", minutes: 30), [new TestResult("cl.broken", TestStatus.Failed, 1, 20_000, "still broken", ["cl-broken-m1"])]), null),
        new(new ResultsDocument(Run("arm64"),
        [
            new TestResult("cl.basic", TestStatus.Passed, 1, 90_000, null, ["cl-basic-m1"]),
            new TestResult("cl.broken", TestStatus.Passed, 1, 20_000, null, ["cl-broken-m1"]),
        ]), null),
    ];
}
