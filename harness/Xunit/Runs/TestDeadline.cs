namespace Harness.Xunit.Runs;

/// <summary>
/// A test's time limit as a cancellation token that fires when the limit is used up. Time spent waiting for machine
/// capacity is not counted (<see cref="Pause"/>): a test queued behind others has not started its work yet.
/// </summary>
internal sealed class TestDeadline : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cts;
    private readonly ITimer _timer;
    private TimeSpan _remaining;
    private long _runningSince;
    private long _pausedSince;
    private int _pauses;
    private bool _expired;

    /// <summary>Starts the clock: <paramref name="limit"/> from now; <paramref name="abort"/> (the run being cancelled) also cancels.</summary>
    public TestDeadline(TimeSpan limit, TimeProvider time, CancellationToken abort)
    {
        Limit = limit;
        _remaining = limit;
        _time = time;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(abort);
        _runningSince = time.GetTimestamp();
        _timer = time.CreateTimer(_ => OnTimer(), null, limit, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The limit.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Cancelled when the limit is used up or the run is aborted.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>True once the limit was used up (as opposed to the run being aborted).</summary>
    public bool Expired
    {
        get
        {
            lock (_gate)
            {
                return _expired;
            }
        }
    }

    /// <summary>Total time spent paused so far.</summary>
    public TimeSpan Paused { get; private set; }

    /// <summary>Stops the clock until the returned handle is disposed (nestable).</summary>
    public IDisposable Pause()
    {
        lock (_gate)
        {
            if (_pauses++ == 0 && !_expired)
            {
                _remaining -= _time.GetElapsedTime(_runningSince);
                _pausedSince = _time.GetTimestamp();
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        return new Resumption(this);
    }

    /// <summary>
    /// Waits for <paramref name="body"/>; if the deadline fires first, waits up to <paramref name="grace"/> more for
    /// the body to react to the cancellation. Returns true when the body finished.
    /// </summary>
    public async Task<bool> WaitAsync(Task body, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(body);
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (Token.Register(() => fired.TrySetResult()))
        {
            await Task.WhenAny(body, fired.Task);
        }

        if (body.IsCompleted)
        {
            return true;
        }

        await Task.WhenAny(body, Task.Delay(grace, _time));
        return body.IsCompleted;
    }

    public void Dispose()
    {
        _timer.Dispose();
        _cts.Dispose();
    }

    private void Resume()
    {
        lock (_gate)
        {
            if (--_pauses == 0 && !_expired)
            {
                Paused += _time.GetElapsedTime(_pausedSince);
                _runningSince = _time.GetTimestamp();
                _timer.Change(_remaining > TimeSpan.Zero ? _remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_pauses > 0 || _expired)
            {
                return;
            }

            var left = _remaining - _time.GetElapsedTime(_runningSince);
            if (left > TimeSpan.Zero)
            {
                // Woke early (the timer was re-armed around a pause): sleep the rest.
                _remaining = left;
                _runningSince = _time.GetTimestamp();
                _timer.Change(left, Timeout.InfiniteTimeSpan);
                return;
            }

            _expired = true;
        }

        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The test finished while the timer fired.
        }
    }

    private sealed class Resumption(TestDeadline deadline) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                deadline.Resume();
            }
        }
    }
}
