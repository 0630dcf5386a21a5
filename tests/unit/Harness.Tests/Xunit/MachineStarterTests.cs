using Harness.Scheduling;
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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
