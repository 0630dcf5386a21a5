namespace Harness.Waiting;

/// <summary>
/// The harness's one poller. Every wait (SSH readiness, units, console, commands) goes through it, so every timeout
/// reads the same way and every wait can be stopped early by an abort check (a crashed VM).
/// </summary>
public static class Poll
{
    /// <summary>
    /// Runs <paramref name="probe"/> until it reports success, pausing <see cref="PollOptions.Interval"/> between
    /// attempts (longer after a slow attempt when <see cref="PollOptions.PauseFactor"/> is set). The probe's token is
    /// cancelled when the time limit passes, so a hanging probe cannot outlive it.
    /// </summary>
    /// <returns>The value of the first successful probe.</returns>
    /// <exception cref="WaitTimeoutException">The limit passed; the message quotes the last observation.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (never reported as a timeout).</exception>
    /// <remarks>Whatever the probe or the abort check throws (other than cancellation caused by the limit) ends the wait unchanged.</remarks>
    public static async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<ProbeResult<T>>> probe,
        PollOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var last = "no attempt finished before the limit";

        while (true)
        {
            try
            {
                if (options.AbortCheck is { } abortCheck)
                {
                    await abortCheck(linked.Token);
                }

                var attemptStarted = time.GetTimestamp();
                var result = await probe(linked.Token);
                if (result.Succeeded)
                {
                    return result.Value!;
                }

                last = result.Observation;
                var remaining = options.Timeout - time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                var pause = options.PauseAfter(time.GetElapsedTime(attemptStarted));
                await Task.Delay(remaining < pause ? remaining : pause, time, linked.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Report the caller's token, not the linked one.
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }
        }

        if (options.AbortCheck is { } finalCheck)
        {
            await finalCheck(cancellationToken);
        }

        throw new WaitTimeoutException(options, time.GetElapsedTime(started), last);
    }

    /// <summary>
    /// Like <see cref="UntilAsync{T}"/> for a probe that only says yes or no: <paramref name="probe"/> returns
    /// (done, observation).
    /// </summary>
    public static Task UntilAsync(
        Func<CancellationToken, Task<(bool Done, string Observation)>> probe,
        PollOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return UntilAsync(
            async ct =>
            {
                var (done, observation) = await probe(ct);
                return new ProbeResult<bool>(done, done, observation);
            },
            options,
            cancellationToken);
    }
}
