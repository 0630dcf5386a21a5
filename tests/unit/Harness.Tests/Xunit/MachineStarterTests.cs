using Harness.Scheduling;
using Harness.Xunit.Runs;
using Xunit.Abstractions;

namespace Harness.Tests.Xunit;

public sealed class MachineStarterTests
{
    [Fact]
    public async Task A_test_waits_for_capacity_with_its_time_limit_as_priority_ahead_of_a_lower_one_queued_before()
    {
        using var run = new InProcessRun(); // HARNESS_TEST_TIMEOUT 30 s, so the sample test's priority is 30
        var scheduler = (await run.Run.GetPlatformAsync()).Scheduler;
        var held = new List<SchedulerLease>();
        for (var i = 0; i < scheduler.Limits.MaxMachines; i++)
        {
            held.Add((await scheduler.AcquireAsync([new MachineDemand(512, 1)], CancellationToken.None))[0]);
        }

        var lower = scheduler.AcquireAsync([new MachineDemand(512, 1)], priority: 0, CancellationToken.None);
        var test = run.RunAsync(nameof(SampleOsTests.Starts_a_machine));
        await WaitUntilAsync(() => scheduler.Waiting == 2);

        held[0].Dispose(); // one free place: the test's machine must get it, although the lower request came first
        var ran = await test.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
        (await lower.WaitAsync(TimeSpan.FromSeconds(5)))[0].Dispose(); // and the lower one gets the place after it
        held.Skip(1).ToList().ForEach(l => l.Dispose());
    }

    [Fact]
    public async Task Under_emulation_a_cluster_boots_one_machine_at_a_time()
    {
        var platform = new FakePlatform { BootTime = TimeSpan.FromMilliseconds(300) };
        using var run = new InProcessRun(platform, cores: 2);

        var ran = await run.RunAsync(nameof(SampleOsTests.Starts_a_cluster_of_three));

        Assert.IsAssignableFrom<ITestPassed>(ran.Result);
        Assert.Equal(3, platform.Backends.Count);
        Assert.Equal(1, platform.MostBootingAtOnce); // one after another, although two cores are free
    }

    [Fact]
    public async Task A_machine_that_fails_to_boot_fails_the_test_with_its_error_and_stops_the_others()
    {
        var platform = new FakePlatform
        {
            BootTime = TimeSpan.FromMilliseconds(300),
            BootFailure = name => name.EndsWith("-m2", StringComparison.Ordinal) ? "firmware not found on m2" : null,
        };
        using var run = new InProcessRun(platform, cores: 2);

        var ran = await run.RunAsync(nameof(SampleOsTests.Starts_a_cluster_of_three));

        Assert.IsAssignableFrom<ITestFailed>(ran.Result);
        Assert.Contains("firmware not found on m2", ran.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("canceled", ran.FailureMessage, StringComparison.OrdinalIgnoreCase);
        Assert.False(platform.Backends.ContainsKey("sample-cluster-of-three-m3")); // never booted after m2 failed
        Assert.All(platform.Backends.Values, b => Assert.True(b.Destroyed, $"{b.Name} left running"));
    }

    [Theory]
    [InlineData(true, 3, 3)]  // hardware acceleration: all at once
    [InlineData(false, 3, 1)] // emulation: one after another
    [InlineData(false, 1, 1)]
    public void Boots_at_once(bool accelerated, int machines, int expected)
    {
        var platform = new FakePlatform { HardwareAccelerated = accelerated };

        Assert.Equal(expected, MachineStarter.BootsAtOnce(platform, machines));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
