using Harness.Results;
using Xunit.Abstractions;

namespace Harness.Tests.Xunit;

/// <summary>Reruns (<c>HARNESS_RERUNS</c>) and the denylist (<c>HARNESS_DENYLIST</c>) through the real [OsTest] glue, in-process.</summary>
[Collection("flaky samples")]
public sealed class RerunAndDenylistTests : IDisposable
{
    private readonly List<InProcessRun> _runs = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-denylist-").FullName;

    public RerunAndDenylistTests() => FlakySampleOsTests.Reset();

    public void Dispose()
    {
        foreach (var run in _runs)
        {
            run.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_flaky_test_is_rerun_recorded_twice_and_reported_passed_once()
    {
        var run = Start(reruns: 2);

        var ran = await run.RunAsync(nameof(FlakySampleOsTests.Fails_once_then_passes), typeof(RunnableFlakySampleOsTests));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result); // xunit hears only the last attempt
        Assert.Equal(0, ran.Summary.Failed);
        var attempts = Results(run).Tests;
        Assert.Equal([(1, TestStatus.Failed), (2, TestStatus.Passed)], attempts.Select(a => (a.Attempt, a.Status)));
        Assert.Equal(["sample.flaky", "sample.flaky~2"], attempts.Select(a => a.Folder));
        Assert.True(Directory.Exists(Path.Combine(run.RunFolder, "sample.flaky~2")));
        Assert.True(TestAttempts.Of(Results(run)).Single().Flaky);
        Assert.Contains("Flaky: passed on attempt 2", File.ReadAllText(Path.Combine(run.RunFolder, "results.tap")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_failing_every_attempt_is_recorded_each_time_and_fails_once()
    {
        var run = Start(reruns: 1);

        var ran = await run.RunAsync(nameof(SampleOsTests.Fails));

        Assert.Equal("the widget is missing", ran.FailureMessage);
        Assert.Equal([1, 2], Results(run).Tests.Select(a => a.Attempt));
        Assert.All(Results(run).Tests, a => Assert.Equal(TestStatus.Failed, a.Status));
    }

    [Fact]
    public async Task Without_reruns_a_failure_runs_once()
    {
        var run = Start(reruns: 0);

        await run.RunAsync(nameof(FlakySampleOsTests.Fails_once_then_passes), typeof(RunnableFlakySampleOsTests));

        Assert.Equal(TestStatus.Failed, Assert.Single(Results(run).Tests).Status);
    }

    [Fact]
    public async Task A_snoozed_test_is_skipped_with_the_date_and_tracker()
    {
        var run = Start(denylist: "- pattern: sample.p*\n  snooze: 2999-01-01\n  tracker: https://example.test/issues/1\n");

        var ran = await run.RunAsync(nameof(SampleOsTests.Passes));

        Assert.Equal("denylisted until 2999-01-01 by 'sample.p*' (https://example.test/issues/1)", ran.SkipReason);
        Assert.Equal(TestStatus.Skipped, Assert.Single(Results(run).Tests).Status);
    }

    [Fact]
    public async Task An_expired_snooze_runs_the_test_again()
    {
        var run = Start(denylist: "- pattern: sample.pass\n  snooze: 2000-01-01\n");

        var ran = await run.RunAsync(nameof(SampleOsTests.Passes));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
    }

    [Fact]
    public async Task A_warn_only_failure_is_recorded_as_failed_but_does_not_fail_the_run()
    {
        var run = Start(denylist: "- pattern: sample.fail\n  warn: true\n  tracker: https://example.test/issues/2\n");

        var ran = await run.RunAsync(nameof(SampleOsTests.Fails));

        Assert.Equal("warn-only failure (denylist, https://example.test/issues/2): the widget is missing", ran.SkipReason);
        Assert.Equal(0, ran.Summary.Failed);
        var result = Assert.Single(Results(run).Tests);
        Assert.Equal((TestStatus.Failed, true, "https://example.test/issues/2"), (result.Status, result.WarnOnly, result.Tracker));
    }

    [Fact]
    public async Task An_entry_for_another_platform_does_not_apply()
    {
        var run = Start(denylist: "- pattern: sample.pass\n  platforms: [azure]\n");

        var ran = await run.RunAsync(nameof(SampleOsTests.Passes));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
    }

    private InProcessRun Start(int reruns = 0, string? denylist = null)
    {
        string? file = null;
        if (denylist is not null)
        {
            file = Path.Combine(_dir, $"denylist-{_runs.Count}.yaml");
            File.WriteAllText(file, denylist);
        }

        var run = new InProcessRun(configure: s => s with { Reruns = reruns, DenylistFile = file });
        _runs.Add(run);
        return run;
    }

    private static ResultsDocument Results(InProcessRun run) =>
        ResultsJson.Deserialize(File.ReadAllText(Path.Combine(run.RunFolder, "results.json")));
}
