namespace Harness.Platforms.Qemu;

/// <summary>The platform's one polling loop (a condition checked at an interval until a deadline).</summary>
internal static class PollLoop
{
    /// <summary>
    /// Checks <paramref name="condition"/> every <paramref name="interval"/> until it holds or <paramref name="timeout"/>
    /// passes (<see cref="Timeout.InfiniteTimeSpan"/>: until cancelled).
    /// </summary>
    /// <returns>True when the condition held; false on timeout.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan interval, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await condition())
            {
                return true;
            }

            if (timeout != Timeout.InfiniteTimeSpan && time.GetElapsedTime(start) >= timeout)
            {
                return false;
            }

            await Task.Delay(interval, time, cancellationToken);
        }
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, TimeSpan, TimeSpan, TimeProvider, CancellationToken)"/>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken) =>
        UntilAsync(() => Task.FromResult(condition()), interval, timeout, TimeProvider.System, cancellationToken);
}
