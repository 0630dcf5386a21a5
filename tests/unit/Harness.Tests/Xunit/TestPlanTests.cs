using Harness.Results;
using Harness.Xunit.Runs;

namespace Harness.Tests.Xunit;

/// <summary>Run-level decisions: patterns, bad platform options, and that no VM starts when the run cannot.</summary>
public sealed class TestPlanTests
{
    [Fact]
    public async Task A_test_not_selected_by_the_patterns_is_skipped_without_setting_up_the_platform_and_is_not_part_of_the_results()
    {
        using var run = new InProcessRun(configure: s => s with { TestPatterns = ["sample.pass*"] });

        var ran = await run.RunAsync(nameof(SampleOsTests.Starts_a_machine));

        Assert.Equal("not selected by HARNESS_TESTS='sample.pass*'", ran.SkipReason);
        Assert.Equal(0, run.PlatformsCreated);

        // Only what the patterns selected is in results.json (and so in TAP, JUnit and the matrix), as kola lists only
        // the tests it ran: an arm64 run of five tests is five rows, not five plus thirty "not selected".
        await run.RunAsync(nameof(SampleOsTests.Passes));
        var results = ResultsJson.Deserialize(File.ReadAllText(Path.Combine(run.RunFolder, "results.json")));
        var only = Assert.Single(results.Tests);
        Assert.Equal(TestStatus.Passed, only.Status);
        Assert.StartsWith("sample.pass", only.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pattern_that_matches_no_test_fails_every_test_with_one_line_and_starts_nothing()
    {
        using var run = new InProcessRun(configure: s => s with { TestPatterns = ["sample.pass", "sample.nope*"] });

        var first = await run.RunAsync(nameof(SampleOsTests.Passes));
        var second = await run.RunAsync(nameof(SampleOsTests.Starts_a_machine));

        Assert.StartsWith("HARNESS_TESTS='sample.pass,sample.nope*': pattern 'sample.nope*' matches no test in this catalog (", first.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(first.FailureMessage, second.FailureMessage);
        Assert.DoesNotContain('\n', first.FailureMessage);
        Assert.Equal(0, run.PlatformsCreated);
    }

    [Fact]
    public async Task Patterns_for_other_catalogs_are_not_an_error()
    {
        using var run = new InProcessRun(configure: s => s with { TestPatterns = ["sysext.*"] });
        var ran = await run.RunAsync(nameof(SampleOsTests.Passes));
        Assert.Equal("not selected by HARNESS_TESTS='sysext.*'", ran.SkipReason);
    }

    [Fact]
    public async Task A_platform_that_refuses_its_options_fails_every_test_with_its_message_once()
    {
        using var run = new InProcessRun(createPlatform: () => throw new ArgumentException("HARNESS_QEMU='qemu-nope': not found on PATH"));

        var first = await run.RunAsync(nameof(SampleOsTests.Starts_a_machine));
        var second = await run.RunAsync(nameof(SampleOsTests.Passes));

        Assert.Equal("HARNESS_QEMU='qemu-nope': not found on PATH", first.FailureMessage);
        Assert.Equal(first.FailureMessage, second.FailureMessage);
        Assert.Equal(1, run.PlatformsCreated);
        Assert.Contains("platform setup failed: HARNESS_QEMU='qemu-nope'", File.ReadAllText(Path.Combine(run.RunFolder, "harness.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_outside_an_OsTest_says_so()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Harness.Xunit.Session.StartAsync(SampleOsTests.Raw));
        Assert.Contains("[OsTest", error.Message, StringComparison.Ordinal);
    }
}
