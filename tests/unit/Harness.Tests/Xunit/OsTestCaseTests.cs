using Harness.Machines;
using Harness.Results;
using Harness.Xunit;
using Xunit.Abstractions;

namespace Harness.Tests.Xunit;

/// <summary>The [OsTest] machinery end to end, in-process, on a fake platform (no VM).</summary>
public sealed class OsTestCaseTests : IDisposable
{
    private readonly InProcessRun _run = new(new FakePlatform
    {
        ConsoleFor = name => name.Contains("panicky", StringComparison.Ordinal)
            ? "Booting\nfine\n[    2.5] Kernel panic - not syncing: Attempted to kill init!\n"
            : "Booting\nWelcome\n",
    });

    public void Dispose() => _run.Dispose();

    [Fact]
    public void The_test_name_is_the_display_name_and_the_OsTest_trait()
    {
        var testCase = InProcessRun.Discover(nameof(SampleOsTests.Passes));
        Assert.Equal("sample.pass", testCase.DisplayName);
        Assert.Equal(["sample.pass"], testCase.Traits[OsTestAttribute.TraitName]);
    }

    [Fact]
    public async Task A_passing_test_is_reported_and_recorded()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Passes));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
        var result = Assert.Single(Results().Tests);
        Assert.Equal(("sample.pass", TestStatus.Passed, 1, (string?)null), (result.Name, result.Status, result.Attempt, result.Message));
        Assert.True(File.Exists(Path.Combine(_run.RunFolder, "sample.pass", "test.log")));
    }

    [Fact]
    public async Task A_failing_test_records_its_message()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Fails));

        Assert.Equal("the widget is missing", ran.FailureMessage);
        Assert.Equal(1, ran.Summary.Failed);
        var result = Assert.Single(Results().Tests);
        Assert.Equal(TestStatus.Failed, result.Status);
        Assert.Equal("the widget is missing", result.Message);
    }

    [Fact]
    public async Task Skip_If_in_the_body_reports_a_skip_with_the_reason()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Skips_itself));

        Assert.Equal("no widget on this image", ran.SkipReason);
        Assert.Equal((0, 1), (ran.Summary.Failed, ran.Summary.Skipped));
        Assert.Equal(0, Assert.Single(ran.Messages.OfType<ITestCaseFinished>()).TestsFailed);
        Assert.Equal((TestStatus.Skipped, "no widget on this image"), (Results().Tests[0].Status, Results().Tests[0].Message));
    }

    [Fact]
    public async Task A_part_the_platform_cannot_do_is_skipped_with_a_note_and_the_test_passes()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Checks_the_image_file_only_where_machines_boot_from_it));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
        Assert.Equal(["skipped the widget's size against the image file: platform fake lacks ImageFile"], Assert.Single(Results().Tests).Notes);
    }

    [Fact]
    public async Task A_static_skip_is_reported_and_recorded()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Skipped_by_attribute));
        Assert.Equal("waiting for the widget fix", ran.SkipReason);
        Assert.Equal("waiting for the widget fix", Assert.Single(Results().Tests).Message);
    }

    [Theory]
    [InlineData(nameof(SampleOsTests.Needs_a_private_network), "requires capability PrivateNetwork, platform fake has Reboot, PowerControl")]
    [InlineData(nameof(SampleOsTests.Needs_arm64), "architecture amd64 not supported by this test (it supports arm64)")]
    [InlineData(nameof(SampleOsTests.Needs_a_newer_image), "image version 1.0.0 is older than the test's minimum 2.0.0")]
    public async Task Tests_that_do_not_apply_are_skipped_with_the_reason(string method, string reason)
    {
        var ran = await _run.RunAsync(method);

        Assert.Equal(reason, ran.SkipReason);
        Assert.Equal(reason, Assert.Single(Results().Tests).Message);
        Assert.Empty(_run.Platform.Backends);
    }

    [Fact]
    public async Task A_started_machine_gets_its_name_folder_and_is_destroyed()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Starts_a_machine));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
        Assert.True(_run.Platform.Backends["sample-machine-m1"].Destroyed);
        Assert.True(File.Exists(Path.Combine(_run.RunFolder, "sample.machine", "sample-machine-m1", "console.txt")));
        Assert.Equal(["sample-machine-m1"], Results().Tests[0].Machines);
        Assert.Equal(0, _run.Run.LiveMachines);
    }

    [Fact]
    public async Task Machines_the_test_forgot_are_destroyed_after_it()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Forgets_to_dispose));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
        Assert.Equal(["sample-forgets-m1", "sample-forgets-m2"], _run.Platform.Backends.Keys.Order());
        Assert.All(_run.Platform.Backends.Values, b => Assert.True(b.Destroyed));
        Assert.Equal(0, _run.Run.LiveMachines);
        Assert.Contains("disposing 2 machine(s) the test left running", File.ReadAllText(Path.Combine(_run.RunFolder, "harness.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_console_check_finding_fails_a_test_whose_body_passed()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Machine_panics));

        Assert.StartsWith(
            "console check 'kernel-panic' hit on sample-panics-panicky (console.txt:3): [    2.5] Kernel panic - not syncing: Attempted to kill init!",
            ran.FailureMessage,
            StringComparison.Ordinal);
        Assert.Equal(TestStatus.Failed, Results().Tests[0].Status);
    }

    [Fact]
    public async Task An_allowed_console_check_does_not_fail_the_test()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Machine_panics_on_purpose));
        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
    }

    [Fact]
    public async Task A_test_over_its_time_limit_is_cancelled_and_fails_stating_the_limit()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Too_slow));

        // how long it ran before the cancellation took effect depends on the host's load; the limit does not
        Assert.Matches(@"^sample\.slow timed out after \d", ran.FailureMessage);
        Assert.EndsWith("its limit is 1s ([OsTest(TimeoutSeconds = 1)]); the test was cancelled", ran.FailureMessage, StringComparison.Ordinal);
        Assert.True(_run.Platform.Backends["sample-slow-m1"].Destroyed);
    }

    [Fact]
    public async Task A_cluster_starts_named_machines_together()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Starts_a_cluster));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
        Assert.Equal(["sample-cluster-m1", "sample-cluster-m2"], Results().Tests[0].Machines);
    }

    [Theory]
    [InlineData(nameof(SampleOsTests.Allows_an_unknown_check), "[AllowConsole(\"no-such-check\")] on sample.bad-allow: unknown console check (known: ")]
    [InlineData(nameof(SampleOsTests.Has_a_bad_minimum_version), "[OsTest(\"sample.bad-version\", MinVersion = \"two\")]: not a dotted version (like 3530.0.0)")]
    public async Task Invalid_attributes_fail_the_test_before_anything_starts(string method, string expected)
    {
        var ran = await _run.RunAsync(method);
        Assert.StartsWith(expected, ran.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(0, _run.PlatformsCreated);
    }

    [Fact]
    public async Task Duplicate_names_fail_naming_both_declarations()
    {
        var ran = await _run.RunAsync(nameof(DuplicateSampleOsTests.First), typeof(RunnableDuplicateSampleOsTests));
        Assert.Equal(
            "duplicate test name 'sample.duplicate': declared by DuplicateSampleOsTests.First and DuplicateSampleOsTests.Second; every [OsTest] name must be unique",
            ran.FailureMessage);
    }

    [Fact]
    public async Task The_run_folder_has_results_logs_and_a_latest_link()
    {
        await _run.RunAsync(nameof(SampleOsTests.Passes));

        var root = Path.GetDirectoryName(_run.RunFolder)!;
        Assert.Equal(Path.GetFileName(_run.RunFolder), new FileInfo(Path.Combine(root, "latest")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(_run.RunFolder, "results.json")));
        var log = File.ReadAllText(Path.Combine(_run.RunFolder, "harness.log"));
        Assert.Contains("platform ready: fake platform, TCG", log, StringComparison.Ordinal);
        Assert.Contains("sample.pass: Passed in", log, StringComparison.Ordinal);
        Assert.Equal("fake platform, TCG", Results().Run.PlatformDescription);
    }

    private ResultsDocument Results() => ResultsJson.Deserialize(File.ReadAllText(Path.Combine(_run.RunFolder, "results.json")));
}
