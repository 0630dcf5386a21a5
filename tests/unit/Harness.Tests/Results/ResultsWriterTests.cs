using Harness.Results;

namespace Harness.Tests.Results;

public sealed class ResultsWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-results-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_the_run_at_once_and_appends_each_test()
    {
        var path = Path.Combine(_dir, "results.json");
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
        var writer = new ResultsWriter(path, ResultsJsonTests.Sample().Run with { End = null }, clock);

        var initial = ResultsJson.Deserialize(File.ReadAllText(path));
        Assert.Empty(initial.Tests);
        Assert.Null(initial.Run.End);

        clock.Now = clock.Now.AddSeconds(61);
        writer.Record(new TestResult("cl.basic", TestStatus.Passed, 1, 61_000, null, ["cl-basic-m1"]));
        var afterOne = ResultsJson.Deserialize(File.ReadAllText(path));
        Assert.Equal("cl.basic", Assert.Single(afterOne.Tests).Name);
        Assert.Equal(clock.Now, afterOne.Run.End);

        writer.UpdateRun(run => run with { PlatformDescription = "updated" });
        clock.Now = clock.Now.AddSeconds(5);
        writer.Complete();
        var final = ResultsJson.Deserialize(File.ReadAllText(path));
        Assert.Equal("updated", final.Run.PlatformDescription);
        Assert.Equal(clock.Now, final.Run.End);
        Assert.Equal(final, writer.Current with { Tests = final.Tests }); // run part identical
    }

    [Fact]
    public async Task Concurrent_records_all_land_and_leave_no_temporary_files()
    {
        var path = Path.Combine(_dir, "results.json");
        var writer = new ResultsWriter(path, ResultsJsonTests.Sample().Run);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            writer.Record(new TestResult($"t.{i}", TestStatus.Passed, 1, i, null, [])))));

        Assert.Equal(20, ResultsJson.Deserialize(File.ReadAllText(path)).Tests.Count);
        Assert.Equal(["junit.xml", "results.json", "results.tap"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
        Assert.Equal(21, Directory.GetFiles(Path.Combine(_dir, "allure-results")).Length); // 20 results + environment.properties
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
