using Harness.Failures;
using Harness.Machines;
using Harness.Ssh;
using Harness.Xunit.Runs;

namespace Harness.Tests.Xunit;

public sealed class TemplateCacheTests
{
    private readonly TemplateCache _cache = new();
    private int _created;
    private readonly List<string> _restored = [];

    private static MachineTemplate Template(int n) => new(
        "key",
        MachineSpec.Default,
        new MachineSnapshot("fake", "/snapshots/" + n, "fp", MachineOptions.Default, 1),
        new SshHostKeys([]),
        "boot-" + n,
        "{}",
        "{}",
        "/artifacts/template-" + n);

    private async Task<MachineTemplate> CreateAsync(TaskCompletionSource? gate = null)
    {
        var n = Interlocked.Increment(ref _created);
        if (gate is not null)
        {
            await gate.Task;
        }

        return Template(n);
    }

    private Task<string> RestoreAsync(MachineTemplate template, string who)
    {
        lock (_restored)
        {
            _restored.Add($"{who}<-{template.Snapshot.Directory}");
        }

        return Task.FromResult(who);
    }

    [Fact]
    public async Task Tests_asking_at_once_share_one_template_and_each_get_their_own_restore()
    {
        var gate = new TaskCompletionSource();
        var first = _cache.UseAsync("key", _ => CreateAsync(gate), (t, _) => RestoreAsync(t, "a"), CancellationToken.None);
        var second = _cache.UseAsync("key", _ => CreateAsync(gate), (t, _) => RestoreAsync(t, "b"), CancellationToken.None);
        gate.SetResult();

        var results = await Task.WhenAll(first, second);
        var third = await _cache.UseAsync("key", _ => CreateAsync(), (t, _) => RestoreAsync(t, "c"), CancellationToken.None);

        Assert.Equal(1, _created);
        Assert.Equal([true, false, false], [results[0].CreatedTemplate, results[1].CreatedTemplate, third.CreatedTemplate]);
        Assert.Equal(["a<-/snapshots/1", "b<-/snapshots/1", "c<-/snapshots/1"], _restored.Order());
    }

    [Fact]
    public async Task Different_keys_get_different_templates()
    {
        await _cache.UseAsync("k1", _ => CreateAsync(), (t, _) => RestoreAsync(t, "a"), CancellationToken.None);
        await _cache.UseAsync("k2", _ => CreateAsync(), (t, _) => RestoreAsync(t, "b"), CancellationToken.None);

        Assert.Equal(["a<-/snapshots/1", "b<-/snapshots/2"], _restored);
    }

    [Fact]
    public async Task A_failed_creation_is_reported_to_its_test_and_the_next_test_tries_again()
    {
        var e = await Assert.ThrowsAsync<InfrastructureException>(() =>
            _cache.UseAsync<string>("key", _ => throw new InfrastructureException("SSH never came up"), (t, _) => RestoreAsync(t, "a"), CancellationToken.None));
        var next = await _cache.UseAsync("key", _ => CreateAsync(), (t, _) => RestoreAsync(t, "b"), CancellationToken.None);

        Assert.Equal("SSH never came up", e.Message);
        Assert.True(next.CreatedTemplate);
        Assert.Equal(["b<-/snapshots/1"], _restored);
    }

    [Fact]
    public async Task A_test_waiting_on_a_creation_that_fails_makes_the_template_itself()
    {
        var gate = new TaskCompletionSource();
        var failing = _cache.UseAsync<string>(
            "key",
            async _ =>
            {
                await gate.Task;
                throw new InfrastructureException("first boot failed");
            },
            (t, _) => RestoreAsync(t, "a"),
            CancellationToken.None);
        var waiting = _cache.UseAsync("key", _ => CreateAsync(), (t, _) => RestoreAsync(t, "b"), CancellationToken.None);
        gate.SetResult();

        await Assert.ThrowsAsync<InfrastructureException>(() => failing);
        var result = await waiting;

        Assert.True(result.CreatedTemplate);
        Assert.Equal(["b<-/snapshots/1"], _restored);
    }

    [Fact]
    public async Task A_stale_template_is_dropped_and_booted_anew()
    {
        await _cache.UseAsync("key", _ => CreateAsync(), (t, _) => RestoreAsync(t, "a"), CancellationToken.None);
        var stale = true;

        var result = await _cache.UseAsync(
            "key",
            _ => CreateAsync(),
            (t, _) =>
            {
                if (stale)
                {
                    stale = false;
                    throw new StaleSnapshotException("the image changed");
                }

                return RestoreAsync(t, "b");
            },
            CancellationToken.None);

        Assert.True(result.CreatedTemplate);
        Assert.Equal(2, _created);
        Assert.Equal(["a<-/snapshots/1", "b<-/snapshots/2"], _restored);
    }

    [Fact]
    public async Task Only_a_test_waiting_for_another_tests_template_holds_its_clock()
    {
        var gate = new TaskCompletionSource();
        var pauses = new List<string>();
        IDisposable Pause(string who)
        {
            pauses.Add(who);
            return new Releaser();
        }

        var first = _cache.UseAsync("key", _ => CreateAsync(gate), (t, _) => RestoreAsync(t, "a"), CancellationToken.None, () => Pause("a"));
        var second = _cache.UseAsync("key", _ => CreateAsync(), (t, _) => RestoreAsync(t, "b"), CancellationToken.None, () => Pause("b"));
        gate.SetResult();
        await Task.WhenAll(first, second);
        await _cache.UseAsync("key", _ => CreateAsync(), (t, _) => RestoreAsync(t, "c"), CancellationToken.None, () => Pause("c"));

        Assert.Equal(["b"], pauses);
    }

    private sealed class Releaser : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
