using Harness.ConsoleChecks;
using Harness.Machines;
using Harness.Scheduling;

namespace Harness.Xunit.Runs;

/// <summary>
/// One machine of a test and the scheduler capacity it holds. The capacity is released once the machine is destroyed,
/// whoever disposes it (the test's <c>await using</c>, the end-of-test sweep, process exit). The machine reports its
/// console findings when its disposal starts; that is the slot's cue to wait for the disposal to finish and release.
/// </summary>
internal sealed class MachineSlot
{
    private readonly SchedulerLease _lease;
    private readonly OsTestContext _test;
    private readonly Action<MachineSlot> _onReleased;
    private int _released;
    private int _disposalStarted;
    private Machine? _machine;

    public MachineSlot(string name, SchedulerLease lease, OsTestContext test, Action<MachineSlot> onReleased)
    {
        Name = name;
        _lease = lease;
        _test = test;
        _onReleased = onReleased;
    }

    /// <summary>The machine's run-unique name.</summary>
    public string Name { get; }

    /// <summary>The machine once started; null while starting or if the start failed.</summary>
    public Machine? Machine => Volatile.Read(ref _machine);

    /// <summary>True once the machine's disposal began (it reported its console findings).</summary>
    public bool DisposalStarted => Volatile.Read(ref _disposalStarted) != 0;

    /// <summary>The test the machine belongs to.</summary>
    public OsTestContext Test => _test;

    /// <summary>
    /// Called when the start succeeded. A start that completes after the slot was released (its test was abandoned at
    /// the time limit and cleaned up meanwhile) has no owner left: the machine is destroyed at once.
    /// </summary>
    public void Attach(Machine started)
    {
        Volatile.Write(ref _machine, started);
        if (Volatile.Read(ref _released) != 0)
        {
            _ = started.DisposeAsync().AsTask();
        }
    }

    /// <summary><see cref="MachineContext.ReportConsoleFindings"/>: records the findings and releases capacity once the machine is gone.</summary>
    public void OnDisposing(IReadOnlyList<ConsoleFinding> findings)
    {
        Volatile.Write(ref _disposalStarted, 1);
        _test.AddFindings(findings);
        if (Machine is { } started)
        {
            _ = ReleaseWhenDisposedAsync(started);
        }
    }

    /// <summary>Disposes the machine (idempotent; waits for a disposal already under way) and releases the capacity.</summary>
    public async Task DisposeAsync()
    {
        if (Machine is { } started)
        {
            await started.DisposeAsync();
        }

        Release();
    }

    /// <summary>Releases the capacity (idempotent).</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _lease.Dispose();
            _onReleased(this);
        }
    }

    private async Task ReleaseWhenDisposedAsync(Machine started)
    {
        // Machine.DisposeAsync returns the disposal already under way; it never throws.
        await started.DisposeAsync();
        Release();
    }
}
