using Harness.Failures;
using Harness.Machines;
using Harness.Waiting;

namespace Harness.Tests.Waiting;

public class PollTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task Returns_the_value_of_the_first_successful_probe()
    {
        var attempts = 0;
        var task = Poll.UntilAsync(
            _ => Task.FromResult(++attempts < 3 ? ProbeResult.NotYet<int>($"attempt {attempts}") : ProbeResult.Done(42)),
            Options(),
            CancellationToken.None);

        await _clock.DriveAsync(task, TimeSpan.FromSeconds(1));

        Assert.Equal(42, await task);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Timeout_says_what_where_elapsed_limit_and_the_last_observation()
    {
        var attempts = 0;
        var task = Poll.UntilAsync(
            _ => Task.FromResult(ProbeResult.NotYet<int>($"exit 3; stdout: inactive (attempt {++attempts})")),
            Options() with { Timeout = TimeSpan.FromSeconds(30), ArtifactDir = "/runs/r1/m1" },
            CancellationToken.None);

        await _clock.DriveAsync(task, TimeSpan.FromMilliseconds(400));

        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() => task);
        Assert.IsAssignableFrom<TestFailureException>(e);
        Assert.StartsWith("waiting for `systemctl is-active docker` to succeed on m1: timed out after 30", e.Message, StringComparison.Ordinal);
        Assert.Contains("(limit 30s); last: exit 3; stdout: inactive (attempt ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("\n  artifacts: /runs/r1/m1", e.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), e.Limit);
        Assert.InRange(e.Elapsed, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(31));
        Assert.InRange(attempts, 25, 31);
    }

    [Fact]
    public async Task A_multi_line_observation_is_indented_under_last()
    {
        var task = Poll.UntilAsync(
            _ => Task.FromResult(ProbeResult.NotYet<int>("exit 1 after 0.1s\n  stdout: (empty)")),
            Options() with { Timeout = TimeSpan.FromSeconds(2) },
            CancellationToken.None);

        await _clock.DriveAsync(task, TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() => task);
        Assert.EndsWith("(limit 2s); last:\n    exit 1 after 0.1s\n      stdout: (empty)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_probe_is_cancelled_at_the_limit_and_reported_as_a_timeout()
    {
        var task = Poll.UntilAsync<int>(
            async ct =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, _clock, ct);
                return ProbeResult.Done(1);
            },
            Options() with { Timeout = TimeSpan.FromSeconds(10) },
            CancellationToken.None);

        await _clock.DriveAsync(task, TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() => task);
        Assert.Contains("last: no attempt finished before the limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_an_OperationCanceledException_not_a_timeout()
    {
        using var cts = new CancellationTokenSource();
        var task = Poll.UntilAsync(
            _ => Task.FromResult(ProbeResult.NotYet<int>("not yet")),
            Options() with { Timeout = TimeSpan.FromMinutes(5) },
            cts.Token);

        await _clock.DriveAsync(Task.Delay(50), TimeSpan.FromSeconds(1));
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public async Task The_abort_check_stops_the_wait_early_with_its_own_exception()
    {
        var checks = 0;
        var task = Poll.UntilAsync(
            _ => Task.FromResult(ProbeResult.NotYet<int>("SSH: connection refused")),
            Options() with
            {
                AbortCheck = _ => ++checks == 3 ? throw new MachineCrashedException("m1 crashed: kernel panic") : Task.CompletedTask,
            },
            CancellationToken.None);

        await _clock.DriveAsync(task, TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsAsync<MachineCrashedException>(() => task);
        Assert.Equal("m1 crashed: kernel panic", e.Message);
        Assert.Equal(3, checks);
    }

    [Fact]
    public async Task The_abort_check_runs_once_more_before_a_timeout_is_reported()
    {
        var started = _clock.GetTimestamp();
        var task = Poll.UntilAsync(
            _ => Task.FromResult(ProbeResult.NotYet<int>("no")),
            Options() with
            {
                Timeout = TimeSpan.FromSeconds(10),
                Interval = TimeSpan.FromSeconds(5),
                AbortCheck = _ => _clock.GetElapsedTime(started) > TimeSpan.FromSeconds(9)
                    ? throw new MachineCrashedException("gone")
                    : Task.CompletedTask,
            },
            CancellationToken.None);

        await _clock.DriveAsync(task, TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<MachineCrashedException>(() => task);
    }

    [Fact]
    public async Task Probe_exceptions_end_the_wait_unchanged()
    {
        var task = Poll.UntilAsync<int>(
            _ => throw new InvalidOperationException("boom"),
            Options(),
            CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => task);
        Assert.Equal("boom", e.Message);
    }

    [Fact]
    public async Task The_boolean_overload_polls_until_done()
    {
        var attempts = 0;
        var task = Poll.UntilAsync(
            _ => Task.FromResult((++attempts == 2, "seen")),
            Options(),
            CancellationToken.None);

        await _clock.DriveAsync(task, TimeSpan.FromSeconds(1));
        await task;

        Assert.Equal(2, attempts);
    }

    [Theory]
    [InlineData(0, 3, 1)]   // no factor: always the interval
    [InlineData(2, 0.2, 1)] // a quick attempt: the interval
    [InlineData(2, 3, 6)]   // a slow attempt: twice its duration
    public void The_pause_is_the_interval_or_the_factor_times_the_attempt_whichever_is_longer(double factor, double attemptSeconds, double pauseSeconds)
    {
        var options = Options() with { PauseFactor = factor };

        Assert.Equal(TimeSpan.FromSeconds(pauseSeconds), options.PauseAfter(TimeSpan.FromSeconds(attemptSeconds)));
    }

    [Fact]
    public async Task Slow_attempts_are_spaced_by_the_pause_factor()
    {
        var starts = new List<double>();
        var origin = _clock.GetUtcNow();
        var task = Poll.UntilAsync(
            _ =>
            {
                starts.Add((_clock.GetUtcNow() - origin).TotalSeconds);
                _clock.Advance(TimeSpan.FromSeconds(3)); // the probe takes 3 s (a busy guest)
                return Task.FromResult((starts.Count == 3, "busy"));
            },
            Options() with { PauseFactor = 2 },
            CancellationToken.None);

        await _clock.DriveAsync(task, TimeSpan.FromSeconds(1));
        await task;

        Assert.Equal([0, 9, 18], starts);
    }

    private PollOptions Options() => new("`systemctl is-active docker` to succeed")
    {
        Where = "m1",
        Timeout = TimeSpan.FromSeconds(30),
        Interval = TimeSpan.FromSeconds(1),
        TimeProvider = _clock,
    };
}
