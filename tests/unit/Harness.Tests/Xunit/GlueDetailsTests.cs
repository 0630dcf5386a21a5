using Harness.ConsoleChecks;
using Harness.Xunit.Logging;
using Harness.Xunit.Runs;
using Harness.Xunit.Sdk;
using Microsoft.Extensions.Logging;

namespace Harness.Tests.Xunit;

public sealed class GlueDetailsTests
{
    [Fact]
    public void Console_findings_read_one_per_line_with_file_and_line()
    {
        var findings = Enumerable.Range(1, 22)
            .Select(i => new ConsoleFinding("kernel-panic", "kernel panic", "cl-basic-m1", i % 2 == 0 ? "journal" : "console", i, $"line {i}", null))
            .ToList();

        var lines = TestFailures.ConsoleFindings(findings).Split(Environment.NewLine);

        Assert.Equal("console check 'kernel-panic' hit on cl-basic-m1 (console.txt:1): line 1", lines[0]);
        Assert.Equal("console check 'kernel-panic' hit on cl-basic-m1 (journal.txt:2): line 2", lines[1]);
        Assert.Equal("… and 2 more", lines[20]);
        Assert.StartsWith("(allow an expected one with [AllowConsole(", lines[21], StringComparison.Ordinal);
    }

    [Fact]
    public void Timeout_messages_state_elapsed_limit_source_waiting_and_the_last_error()
    {
        var message = TestFailures.Timeout(
            "cl.basic",
            TimeSpan.FromSeconds(601),
            TimeSpan.FromMinutes(10),
            "HARNESS_TEST_TIMEOUT",
            TimeSpan.FromSeconds(75),
            stopped: false,
            TimeSpan.FromSeconds(30),
            new InvalidOperationException("`systemctl is-active docker` on cl-basic-m1 exited 3\n  stdout: …"));

        Assert.Equal(
            "cl.basic timed out after 10m1s: its limit is 10m (HARNESS_TEST_TIMEOUT; 1m15s waiting for machine capacity not counted); the test was cancelled but did not stop within 30s"
            + Environment.NewLine + "  last error: `systemctl is-active docker` on cl-basic-m1 exited 3",
            message);
    }

    [Fact]
    public void Log_lines_carry_time_level_and_short_category()
    {
        var line = RunLoggerProvider.Format(new DateTimeOffset(2026, 11, 21, 10, 2, 3, 456, TimeSpan.Zero), LogLevel.Information, "Machine", "cl-basic-m1: started", null);
        Assert.Equal("10:02:03.456 INFO  Machine: cl-basic-m1: started", line);
    }

    [Fact]
    public void Catalog_discovery_finds_the_samples_and_duplicates()
    {
        var discovery = CatalogDiscovery.FromTypes([typeof(SampleOsTests), typeof(DuplicateSampleOsTests)]);
        Assert.NotNull(discovery.Catalog.Find("sample.pass"));
        Assert.Equal(["DuplicateSampleOsTests.First", "DuplicateSampleOsTests.Second"], discovery.Duplicates["sample.duplicate"]);
    }

    [Theory]
    [InlineData("Harness.Xunit.Sdk.OsTestDiscoverer")]
    [InlineData("Harness.Xunit.Sdk.OsTestTraitDiscoverer")]
    [InlineData("Harness.Xunit.Sdk.HarnessTestFramework")]
    public void Types_named_by_string_in_attributes_exist(string typeName) =>
        Assert.NotNull(Type.GetType($"{typeName}, Harness.Xunit"));
}
