using Harness.Xunit.Runs;

namespace Harness.Tests.Xunit;

public sealed class TestDeadlineTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Fires_at_the_limit_and_says_it_expired()
    {
        using var deadline = new TestDeadline(Short, TimeProvider.System, CancellationToken.None);
        var finished = await deadline.WaitAsync(Task.Delay(Timeout.Infinite, deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default), TimeSpan.FromSeconds(5));
        Assert.True(finished);
        Assert.True(deadline.Expired);
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_body_that_ignores_cancellation_is_abandoned_after_the_grace_period()
    {
        using var deadline = new TestDeadline(Short, TimeProvider.System, CancellationToken.None);
        var finished = await deadline.WaitAsync(Task.Delay(TimeSpan.FromSeconds(30)), Short);
        Assert.False(finished);
        Assert.True(deadline.Expired);
    }

    [Fact]
    public async Task A_quick_body_finishes_without_expiry()
    {
        using var deadline = new TestDeadline(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        Assert.True(await deadline.WaitAsync(Task.CompletedTask, Short));
        Assert.False(deadline.Expired);
    }

    [Fact]
    public async Task Paused_time_does_not_count()
    {
        using var deadline = new TestDeadline(TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None);
        using (deadline.Pause())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1500));
            Assert.False(deadline.Token.IsCancellationRequested);
        }

        Assert.True(deadline.Paused >= TimeSpan.FromMilliseconds(1400));
        Assert.False(deadline.Expired);
        await Task.Delay(TimeSpan.FromSeconds(10), deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.True(deadline.Expired);
    }

    [Fact]
    public void Aborting_the_run_cancels_without_expiry()
    {
        using var abort = new CancellationTokenSource();
        using var deadline = new TestDeadline(TimeSpan.FromSeconds(30), TimeProvider.System, abort.Token);
        abort.Cancel();
        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.False(deadline.Expired);
    }
}
