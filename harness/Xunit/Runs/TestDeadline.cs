namespace Harness.Xunit.Runs;

/// <summary>
/// A test's time limit as a cancellation token that fires when the limit is used up. Time spent waiting for machine
/// capacity is not counted (<see cref="Pause"/>): a test queued behind others has not started its work yet.
/// </summary>
internal sealed class TestDeadline : IDisposable
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly CancellationTokenSource cts;
    private readonly ITimer timer;
    private TimeSpan remaining;
    private long runningSince;
    private long pausedSince;
    private int pauses;
    private bool expired;

    /// <summary>Starts the clock: <paramref name="limit"/> from now; <paramref name="abort"/> (the run being cancelled) also cancels.</summary>
    public TestDeadline(TimeSpan limit, TimeProvider time, CancellationToken abort)
    {
        Limit = limit;
        remaining = limit;
        this.time = time;
        cts = CancellationTokenSource.CreateLinkedTokenSource(abort);
        runningSince = time.GetTimestamp();
        timer = time.CreateTimer(_ => OnTimer(), null, limit, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The limit.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Cancelled when the limit is used up or the run is aborted.</summary>
    public CancellationToken Token => cts.Token;

    /// <summary>True once the limit was used up (as opposed to the run being aborted).</summary>
    public bool Expired
    {
        get
        {
            lock (gate)
            {
                return expired;
            }
        }
    }

    /// <summary>Total time spent paused so far.</summary>
    public TimeSpan Paused { get; private set; }

    /// <summary>Stops the clock until the returned handle is disposed (nestable).</summary>
    public IDisposable Pause()
    {
        lock (gate)
        {
            if (pauses++ == 0 && !expired)
            {
                remaining -= time.GetElapsedTime(runningSince);
                pausedSince = time.GetTimestamp();
                timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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

        await Task.WhenAny(body, Task.Delay(grace, time));
        return body.IsCompleted;
    }

    public void Dispose()
    {
        timer.Dispose();
        cts.Dispose();
    }

    private void Resume()
    {
        lock (gate)
        {
            if (--pauses == 0 && !expired)
            {
                Paused += time.GetElapsedTime(pausedSince);
                runningSince = time.GetTimestamp();
                timer.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        lock (gate)
        {
            if (pauses > 0 || expired)
            {
                return;
            }

            var left = remaining - time.GetElapsedTime(runningSince);
            if (left > TimeSpan.Zero)
            {
                // Woke early (the timer was re-armed around a pause): sleep the rest.
                remaining = left;
                runningSince = time.GetTimestamp();
                timer.Change(left, Timeout.InfiniteTimeSpan);
                return;
            }

            expired = true;
        }

        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The test finished while the timer fired.
        }
    }

    private sealed class Resumption(TestDeadline deadline) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                deadline.Resume();
            }
        }
    }
}
