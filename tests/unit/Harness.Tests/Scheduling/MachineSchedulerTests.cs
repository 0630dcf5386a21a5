using Harness.Failures;
using Harness.Machines;
using Harness.Scheduling;

namespace Harness.Tests.Scheduling;

public sealed class MachineSchedulerTests
{
    private static readonly MachineDemand OneGiB = new(1024, 2);
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    private static MachineScheduler Scheduler(int machines, long memoryMiB, int overheadMiB = 0) =>
        new(new SchedulerLimits(machines, memoryMiB, overheadMiB, "test limits"));

    [Fact]
    public async Task Grants_immediately_while_there_is_capacity()
    {
        var scheduler = Scheduler(2, 4096);
        using var a = await scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        using var b = await scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        Assert.Equal(2, scheduler.RunningMachines);
        Assert.Equal(2048, scheduler.MemoryInUseMiB);
    }

    [Fact]
    public async Task Caps_the_number_of_machines_and_lets_the_next_in_on_release()
    {
        var scheduler = Scheduler(1, 100_000);
        var first = await scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        var second = scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, scheduler.Waiting);

        first.Dispose();
        using var lease = await second.WaitAsync(Soon);
        Assert.Equal(1, scheduler.RunningMachines);
    }

    [Fact]
    public async Task Caps_virtual_CPUs_but_always_admits_a_machine_that_would_run_alone()
    {
        var scheduler = new MachineScheduler(new SchedulerLimits(4, 100_000, 0, "test limits") { VirtualCpuBudget = 2 });
        var big = await scheduler.AcquireAsync(new MachineDemand(1024, 4), CancellationToken.None);
        var small = scheduler.AcquireAsync(new MachineDemand(1024, 1), CancellationToken.None);
        Assert.False(small.IsCompleted);

        big.Dispose();
        using var first = await small.WaitAsync(Soon);
        using var second = await scheduler.AcquireAsync(new MachineDemand(1024, 1), CancellationToken.None).WaitAsync(Soon);
        var third = scheduler.AcquireAsync(new MachineDemand(1024, 1), CancellationToken.None);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, scheduler.RunningMachines);

        first.Dispose();
        using var lease = await third.WaitAsync(Soon);
    }

    [Fact]
    public async Task Caps_memory_including_the_per_machine_overhead()
    {
        var scheduler = Scheduler(10, 2 * (1024 + 256), overheadMiB: 256);
        using var a = await scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        using var b = await scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        var c = scheduler.AcquireAsync(new MachineDemand(1, 1), CancellationToken.None);
        Assert.False(c.IsCompleted);
        b.Dispose();
        (await c.WaitAsync(Soon)).Dispose();
    }

    [Fact]
    public async Task Waiters_are_served_first_come_first_served_even_when_a_later_one_would_fit()
    {
        var scheduler = Scheduler(10, 3072);
        var running = await scheduler.AcquireAsync(new MachineDemand(2048, 2), CancellationToken.None);
        var big = scheduler.AcquireAsync(new MachineDemand(2048, 2), CancellationToken.None); // needs the running one gone
        var small = scheduler.AcquireAsync(new MachineDemand(512, 1), CancellationToken.None); // would fit now, but must not overtake
        Assert.False(big.IsCompleted);
        Assert.False(small.IsCompleted);

        running.Dispose();
        using var bigLease = await big.WaitAsync(Soon);
        using var smallLease = await small.WaitAsync(Soon);
        Assert.Equal(2560, scheduler.MemoryInUseMiB);
    }

    [Fact]
    public async Task A_waiter_with_a_higher_priority_goes_ahead_of_lower_ones_and_behind_equal_ones()
    {
        // One machine at a time; the catalog passes each test's time limit (s) as the priority.
        var scheduler = Scheduler(1, 100_000);
        var running = await scheduler.AcquireAsync([OneGiB], priority: 600, CancellationToken.None);
        var shortA = scheduler.AcquireAsync([OneGiB], priority: 600, CancellationToken.None);
        var longA = scheduler.AcquireAsync([OneGiB], priority: 2400, CancellationToken.None);
        var shortB = scheduler.AcquireAsync([OneGiB], priority: 600, CancellationToken.None);
        var longB = scheduler.AcquireAsync([OneGiB], priority: 2400, CancellationToken.None);

        var order = new List<string>();
        var waiting = new Dictionary<Task<IReadOnlyList<SchedulerLease>>, string> { [shortA] = "shortA", [longA] = "longA", [shortB] = "shortB", [longB] = "longB" };
        var current = running[0];
        while (waiting.Count > 0)
        {
            current.Dispose();
            var granted = await Task.WhenAny(waiting.Keys).WaitAsync(Soon);
            Assert.Equal(1, waiting.Keys.Count(t => t.IsCompleted)); // one machine at a time: exactly one was let in
            order.Add(waiting[granted]);
            waiting.Remove(granted);
            current = (await granted)[0];
        }

        current.Dispose();
        Assert.Equal(["longA", "longB", "shortA", "shortB"], order);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_unblocks_those_behind_it()
    {
        var scheduler = Scheduler(10, 3072);
        using var running = await scheduler.AcquireAsync(new MachineDemand(2048, 2), CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var big = scheduler.AcquireAsync(new MachineDemand(2048, 2), cts.Token);
        var small = scheduler.AcquireAsync(new MachineDemand(512, 1), CancellationToken.None);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big);
        using var smallLease = await small.WaitAsync(Soon);
        Assert.Equal(0, scheduler.Waiting);
    }

    [Fact]
    public async Task An_already_cancelled_token_throws_without_queueing()
    {
        var scheduler = Scheduler(1, 4096);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scheduler.AcquireAsync(OneGiB, new CancellationToken(canceled: true)));
        Assert.Equal(0, scheduler.Waiting);
    }

    [Fact]
    public async Task A_cluster_is_granted_all_at_once()
    {
        var scheduler = Scheduler(3, 100_000);
        var one = await scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        var cluster = scheduler.AcquireAsync([OneGiB, OneGiB, OneGiB], CancellationToken.None);
        Assert.False(cluster.IsCompleted); // 2 would fit, but not 3: nothing is granted yet
        Assert.Equal(1, scheduler.RunningMachines);

        one.Dispose();
        var leases = await cluster.WaitAsync(Soon);
        Assert.Equal(3, leases.Count);
        Assert.Equal(3, scheduler.RunningMachines);

        leases[0].Dispose();
        Assert.Equal(2, scheduler.RunningMachines); // each machine releases its own share
    }

    [Fact]
    public async Task A_machine_bigger_than_the_whole_budget_fails_with_a_clear_message()
    {
        var scheduler = Scheduler(2, 2048, overheadMiB: 256);
        var error = await Assert.ThrowsAsync<InfrastructureException>(() => scheduler.AcquireAsync(new MachineDemand(4096, 2), CancellationToken.None));
        Assert.Equal(
            "a machine with 4096 MiB (+256 MiB overhead each = 4352 MiB) can never run here: the memory budget is 2048 MiB (test limits); lower MachineOptions.MemoryMiB or free memory",
            error.Message);
    }

    [Fact]
    public async Task A_cluster_larger_than_the_machine_cap_fails_with_a_clear_message()
    {
        var scheduler = Scheduler(2, 100_000);
        var error = await Assert.ThrowsAsync<InfrastructureException>(() => scheduler.AcquireAsync([OneGiB, OneGiB, OneGiB], CancellationToken.None));
        Assert.StartsWith("a cluster of 3 machines with 3072 MiB together can never run here: at most 2 machines run at once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_a_soft_cap_a_larger_cluster_runs_alone_and_others_wait_for_it()
    {
        var scheduler = new MachineScheduler(new SchedulerLimits(2, 100_000, 256, "2 cores") { SoftMachineCap = true });
        var one = await scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        var cluster = scheduler.AcquireAsync([OneGiB, OneGiB, OneGiB], CancellationToken.None);
        Assert.False(cluster.IsCompleted); // not beside another machine

        one.Dispose();
        var leases = await cluster.WaitAsync(Soon);
        Assert.Equal(3, scheduler.RunningMachines);
        Assert.Equal(3 * (1024 + 256), scheduler.MemoryInUseMiB); // memory × 3 plus each VM's overhead

        var next = scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        Assert.False(next.IsCompleted);
        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        using var granted = await next.WaitAsync(Soon);
    }

    [Fact]
    public async Task A_soft_cap_does_not_lift_the_memory_budget()
    {
        var scheduler = new MachineScheduler(new SchedulerLimits(2, 3000, 256, "2 cores") { SoftMachineCap = true });
        var error = await Assert.ThrowsAsync<InfrastructureException>(() => scheduler.AcquireAsync([OneGiB, OneGiB, OneGiB], CancellationToken.None));
        Assert.Contains("can never run here: the memory budget is 3000 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Releasing_twice_is_harmless()
    {
        var scheduler = Scheduler(1, 4096);
        var lease = await scheduler.AcquireAsync(OneGiB, CancellationToken.None);
        lease.Dispose();
        lease.Dispose();
        Assert.True(lease.IsReleased);
        Assert.Equal(0, scheduler.RunningMachines);
        Assert.Equal(0, scheduler.MemoryInUseMiB);
    }

    [Fact]
    public async Task Many_concurrent_requests_never_exceed_the_cap()
    {
        var scheduler = Scheduler(3, 100_000);
        var peak = 0;
        var current = 0;
        var tasks = Enumerable.Range(0, 40).Select(async _ =>
        {
            using var lease = await scheduler.AcquireAsync(OneGiB, CancellationToken.None);
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Yield();
            Interlocked.Decrement(ref current);
        });
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(peak, 1, 3);
        Assert.Equal(0, scheduler.RunningMachines);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
