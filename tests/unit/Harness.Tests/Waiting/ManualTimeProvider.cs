namespace Harness.Tests.Waiting;

/// <summary>
/// A clock that moves only when told (<see cref="Advance"/>), with timers that fire as it passes their due time.
/// Stands in for Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider, which our package feed lacks.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    /// <summary>Number of timers waiting to fire (a sign that the code under test is blocked on the clock).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _ticks;
        }
    }

    /// <summary>Moves the clock forward and fires every timer that became due, in due order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        long target;
        lock (_gate)
        {
            target = _ticks + delta.Ticks;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now += TimeSpan.FromTicks(target - _ticks);
                    _ticks = target;
                    return;
                }

                var dueAt = next.DueAt!.Value;
                if (dueAt > _ticks)
                {
                    _now += TimeSpan.FromTicks(dueAt - _ticks);
                    _ticks = dueAt;
                }

                next.DueAt = next.Period is { } period ? _ticks + period.Ticks : null;
            }

            next.Fire();
        }
    }

    /// <summary>
    /// Advances the clock by <paramref name="step"/> at a time, letting continuations run in between, until
    /// <paramref name="task"/> completes (at most 20 real seconds). The clock moves only while a timer is pending:
    /// once the last one has fired, the code under test runs on (however slowly the host schedules it) and reads
    /// the time it fired at, not a time the driver ran on to meanwhile.
    /// </summary>
    public async Task DriveAsync(Task task, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(task);
        var guard = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!task.IsCompleted && DateTime.UtcNow < guard)
        {
            await Task.Delay(1);
            if (PendingTimers > 0)
            {
                Advance(step);
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            timer.DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _ticks + Math.Max(0, dueTime.Ticks);
            timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
        }

        if (dueTime == TimeSpan.Zero)
        {
            Advance(TimeSpan.Zero);
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? DueAt { get; set; }

        public TimeSpan? Period { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
