namespace Harness.Waiting;

/// <summary>How <see cref="Poll.UntilAsync{T}"/> waits. Immutable; use <c>with</c> to change.</summary>
/// <param name="What">What is awaited, for messages ("unit docker.service to be active").</param>
public sealed record PollOptions(string What)
{
    /// <summary>Where (the machine name), for messages. Default none.</summary>
    public string? Where { get; init; }

    /// <summary>Give up after this long. Default <see cref="Timeouts.WaitUntilSucceeds"/>.</summary>
    public TimeSpan Timeout { get; init; } = Timeouts.WaitUntilSucceeds;

    /// <summary>Pause between the end of one attempt and the start of the next. Default <see cref="Timeouts.PollInterval"/>.</summary>
    public TimeSpan Interval { get; init; } = Timeouts.PollInterval;

    /// <summary>
    /// The pause is also at least this many times as long as the attempt just took. Default 0: always
    /// <see cref="Interval"/>. For probes that cost what is awaited (<see cref="Timeouts.GuestProbePauseFactor"/>):
    /// a factor of 2 keeps them to at most a third of the time.
    /// </summary>
    public double PauseFactor { get; init; }

    /// <summary>
    /// The pause after an attempt that took <paramref name="attempt"/>: <see cref="Interval"/>, or
    /// <see cref="PauseFactor"/> times the attempt if that is longer.
    /// </summary>
    public TimeSpan PauseAfter(TimeSpan attempt)
    {
        var scaled = PauseFactor > 0 ? attempt * PauseFactor : TimeSpan.Zero;
        return scaled > Interval ? scaled : Interval;
    }

    /// <summary>
    /// Runs before every attempt and once more before a timeout is reported; throws to stop the wait early
    /// (e.g. <see cref="Harness.Failures.MachineCrashedException"/> when the VM died). Default none.
    /// </summary>
    public Func<CancellationToken, Task>? AbortCheck { get; init; }

    /// <summary>Artifact folder quoted at the end of the timeout message. Default none.</summary>
    public string? ArtifactDir { get; init; }

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
