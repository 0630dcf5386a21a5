namespace Harness.Scheduling;

/// <summary>
/// Capacity held for one machine. Dispose it when the machine is gone; disposal is idempotent and lets the next
/// waiting request in.
/// </summary>
public sealed class SchedulerLease : IDisposable
{
    private readonly MachineScheduler _scheduler;
    private int _released;

    internal SchedulerLease(MachineScheduler scheduler, MachineDemand demand, TimeSpan waited)
    {
        _scheduler = scheduler;
        Demand = demand;
        Waited = waited;
    }

    /// <summary>What the lease holds.</summary>
    public MachineDemand Demand { get; }

    /// <summary>How long the request waited for capacity.</summary>
    public TimeSpan Waited { get; }

    /// <summary>True once released.</summary>
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>Returns the capacity.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _scheduler.Release(Demand);
        }
    }
}
