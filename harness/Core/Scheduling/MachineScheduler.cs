using Harness.Failures;
using Harness.Machines;

namespace Harness.Scheduling;

/// <summary>
/// Caps the machines running at once by count and memory (<see cref="SchedulerLimits"/>). Requests wait, async and
/// cancellable, in order of priority, then of arrival: a large request at the head is not overtaken by smaller ones
/// behind it, so nothing starves that was queued before. A cluster's machines are granted together (all or nothing),
/// so two cluster tests never deadlock holding half their machines each. A request that could never fit fails at once
/// with a message saying why.
/// </summary>
public sealed class MachineScheduler
{
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly TimeProvider _time;
    private int _machines;
    private long _memoryMiB;
    private int _cpus;

    /// <summary>Creates a scheduler with <paramref name="limits"/>.</summary>
    public MachineScheduler(SchedulerLimits limits, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The limits in force.</summary>
    public SchedulerLimits Limits { get; }

    /// <summary>Machines currently holding capacity.</summary>
    public int RunningMachines
    {
        get
        {
            lock (_gate)
            {
                return _machines;
            }
        }
    }

    /// <summary>Memory (guest + overhead, MiB) currently held.</summary>
    public long MemoryInUseMiB
    {
        get
        {
            lock (_gate)
            {
                return _memoryMiB;
            }
        }
    }

    /// <summary>Requests waiting for capacity.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Waits for capacity for one machine.</summary>
    /// <exception cref="InfrastructureException">The machine alone exceeds the limits.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting.</exception>
    public async Task<SchedulerLease> AcquireAsync(MachineDemand demand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(demand);
        var leases = await AcquireAsync([demand], cancellationToken);
        return leases[0];
    }

    /// <summary>Waits for capacity for several machines at once (a cluster), granted together.</summary>
    /// <exception cref="InfrastructureException">The machines together exceed the limits.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting.</exception>
    public Task<IReadOnlyList<SchedulerLease>> AcquireAsync(IReadOnlyList<MachineDemand> demands, CancellationToken cancellationToken) =>
        AcquireAsync(demands, priority: 0, cancellationToken);

    /// <summary>
    /// Waits for capacity for several machines at once, granted together, ahead of waiting requests with a lower
    /// <paramref name="priority"/> (behind those with the same or a higher one). The harness passes a test's time limit
    /// in seconds, so that tests with long limits (updates, clusters) start before short ones instead of running alone
    /// at the end.
    /// </summary>
    /// <exception cref="InfrastructureException">The machines together exceed the limits.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting.</exception>
    public Task<IReadOnlyList<SchedulerLease>> AcquireAsync(IReadOnlyList<MachineDemand> demands, int priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(demands);
        if (demands.Count == 0)
        {
            throw new ArgumentException("at least one machine is needed", nameof(demands));
        }

        var memory = demands.Sum(d => (long)d.MemoryMiB + Limits.PerMachineOverheadMiB);
        CheckFits(demands, memory);
        cancellationToken.ThrowIfCancellationRequested();

        var waiter = new Waiter(demands, memory, priority, _time.GetTimestamp());
        lock (_gate)
        {
            if (_queue.Count == 0 && Fits(waiter))
            {
                return Task.FromResult(Grant(waiter));
            }

            var before = _queue.First;
            while (before is not null && before.Value.Priority >= priority)
            {
                before = before.Next;
            }

            waiter.Node = before is null ? _queue.AddLast(waiter) : _queue.AddBefore(before, waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
            if (waiter.Completion.Task.IsCompleted)
            {
                // Granted between queueing and registering: the registration is no longer needed.
                waiter.Registration.Dispose();
            }
        }

        return waiter.Completion.Task;
    }

    /// <summary>Called by a lease when it is disposed.</summary>
    internal void Release(MachineDemand demand)
    {
        var granted = new List<(Waiter Waiter, IReadOnlyList<SchedulerLease> Leases)>();
        lock (_gate)
        {
            _machines--;
            _cpus -= demand.Cpus;
            _memoryMiB -= demand.MemoryMiB + Limits.PerMachineOverheadMiB;
            Pump(granted);
        }

        Complete(granted);
    }

    private void CheckFits(IReadOnlyList<MachineDemand> demands, long memory)
    {
        var what = demands.Count == 1
            ? $"a machine with {demands[0].MemoryMiB} MiB"
            : $"a cluster of {demands.Count} machines with {demands.Sum(d => (long)d.MemoryMiB)} MiB together";
        if (demands.Count > Limits.MaxMachines && !Limits.SoftMachineCap)
        {
            throw new InfrastructureException(
                $"{what} can never run here: at most {Limits.MaxMachines} machines run at once ({Limits.Explanation}); raise HARNESS_PARALLEL or use fewer machines");
        }

        if (memory > Limits.MemoryBudgetMiB)
        {
            throw new InfrastructureException(
                $"{what} (+{Limits.PerMachineOverheadMiB} MiB overhead each = {memory} MiB) can never run here: the memory budget is {Limits.MemoryBudgetMiB} MiB ({Limits.Explanation}); lower MachineOptions.MemoryMiB or free memory");
        }
    }

    // A virtual CPU budget never blocks a request that would run alone: a 2-vCPU machine still runs on one core.
    // A cluster larger than a soft machine cap runs when nothing else does.
    private bool Fits(Waiter waiter) =>
        (_machines + waiter.Demands.Count <= Limits.MaxMachines || (Limits.SoftMachineCap && _machines == 0))
        && _memoryMiB + waiter.MemoryMiB <= Limits.MemoryBudgetMiB
        && (Limits.VirtualCpuBudget is not { } budget || _machines == 0 || _cpus + waiter.Cpus <= budget);

    private IReadOnlyList<SchedulerLease> Grant(Waiter waiter)
    {
        _machines += waiter.Demands.Count;
        _cpus += waiter.Cpus;
        _memoryMiB += waiter.MemoryMiB;
        var waited = _time.GetElapsedTime(waiter.Since);
        return [.. waiter.Demands.Select(d => new SchedulerLease(this, d, waited))];
    }

    private void Pump(List<(Waiter, IReadOnlyList<SchedulerLease>)> granted)
    {
        while (_queue.First is { } head && Fits(head.Value))
        {
            _queue.RemoveFirst();
            head.Value.Node = null;
            granted.Add((head.Value, Grant(head.Value)));
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        var granted = new List<(Waiter Waiter, IReadOnlyList<SchedulerLease> Leases)>();
        lock (_gate)
        {
            if (waiter.Node is null)
            {
                return; // already granted
            }

            _queue.Remove(waiter.Node);
            waiter.Node = null;

            // The cancelled request may have been the head blocking smaller ones behind it.
            Pump(granted);
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
        Complete(granted);
    }

    private static void Complete(List<(Waiter Waiter, IReadOnlyList<SchedulerLease> Leases)> granted)
    {
        foreach (var (waiter, leases) in granted)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(leases);
        }
    }

    private sealed class Waiter(IReadOnlyList<MachineDemand> demands, long memoryMiB, int priority, long since)
    {
        public int Priority { get; } = priority;

        public IReadOnlyList<MachineDemand> Demands { get; } = demands;

        public long MemoryMiB { get; } = memoryMiB;

        public int Cpus { get; } = demands.Sum(d => d.Cpus);

        public long Since { get; } = since;

        public TaskCompletionSource<IReadOnlyList<SchedulerLease>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
