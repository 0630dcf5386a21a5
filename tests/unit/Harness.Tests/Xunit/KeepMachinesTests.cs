using Harness.Xunit.Runs;
using Xunit.Abstractions;

namespace Harness.Tests.Xunit;

/// <summary>HARNESS_KEEP_MACHINES: a failed test's machines stay up until its KEPT.txt is deleted.</summary>
public sealed class KeepMachinesTests : IDisposable
{
    private readonly InProcessRun _run = new(configure: s => s with { KeepMachines = true });

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task A_failed_tests_machines_are_kept_until_the_marker_is_deleted()
    {
        var running = _run.RunAsync(nameof(SampleOsTests.Fails_with_a_machine));
        var marker = Path.Combine(_run.RunFolder, "sample.fails-with-machine", KeptMachines.MarkerFile);
        await WaitUntilAsync(() => File.Exists(marker));

        Assert.False(_run.Platform.Backends["sample-fails-with-machine-m1"].Destroyed);
        Assert.Contains("sample-fails-with-machine-m1: (no SSH", await File.ReadAllTextAsync(marker), StringComparison.Ordinal);
        Assert.False(running.IsCompleted);

        File.Delete(marker);
        var ran = await running.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.IsAssignableFrom<ITestFailed>(ran.Result);
        Assert.True(_run.Platform.Backends["sample-fails-with-machine-m1"].Destroyed);
    }

    [Fact]
    public async Task A_passing_tests_machines_are_destroyed_at_its_end()
    {
        var ran = await _run.RunAsync(nameof(SampleOsTests.Starts_a_machine));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
        Assert.True(_run.Platform.Backends["sample-machine-m1"].Destroyed);
        Assert.False(File.Exists(Path.Combine(_run.RunFolder, "sample.machine", KeptMachines.MarkerFile)));
    }

    [Fact]
    public async Task Shutdown_destroys_held_machines()
    {
        var running = _run.RunAsync(nameof(SampleOsTests.Fails_with_a_machine));
        var marker = Path.Combine(_run.RunFolder, "sample.fails-with-machine", KeptMachines.MarkerFile);
        await WaitUntilAsync(() => File.Exists(marker));

        _run.Run.Shutdown("test");

        Assert.True(_run.Platform.Backends["sample-fails-with-machine-m1"].Destroyed);
        File.Delete(marker);
        await running.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met within 20s");
            await Task.Delay(50);
        }
    }
}
