using System.Collections.Concurrent;
using Harness.Machines;

namespace Harness.Xunit.Runs;

/// <summary>
/// The run's machine templates, one per key (<see cref="MachineTemplate.KeyFor"/>). The first test that asks for a key
/// boots and saves the template (inside its own capacity and time limit); tests asking meanwhile wait for it. A
/// failed or cancelled creation is forgotten, so the next test that asks tries again itself; a template whose snapshot
/// went stale is dropped and booted anew. The snapshots belong to the platform, which deletes them at the run's end.
/// </summary>
internal sealed class TemplateCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// A machine from the template for <paramref name="key"/>: <paramref name="restore"/> applied to the existing
    /// template, or to one made now by <paramref name="create"/>. Returns whether this call created the template.
    /// While it waits for a template another caller is making, <paramref name="pauseWhileWaiting"/> (when given) holds
    /// the caller's clock: that boot is the other test's time, as waiting for capacity is.
    /// </summary>
    public async Task<(T Result, bool CreatedTemplate)> UseAsync<T>(
        string key,
        Func<CancellationToken, Task<MachineTemplate>> create,
        Func<MachineTemplate, CancellationToken, Task<T>> restore,
        CancellationToken cancellationToken,
        Func<IDisposable>? pauseWhileWaiting = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var entry = _entries.GetOrAdd(key, _ => new Entry());
            var created = false;
            MachineTemplate template;
            if (entry.TryClaim())
            {
                try
                {
                    template = await create(cancellationToken);
                    entry.Completion.SetResult(template);
                    created = true;
                }
                catch (Exception e)
                {
                    _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                    entry.Completion.SetException(e);
                    throw;
                }
            }
            else
            {
                try
                {
                    using (entry.Completion.Task.IsCompleted ? null : pauseWhileWaiting?.Invoke())
                    {
                        template = await entry.Completion.Task.WaitAsync(cancellationToken);
                    }
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested && entry.Completion.Task.IsFaulted && attempt < 3)
                {
                    // Whoever made it failed (and reports why); this test makes its own.
                    continue;
                }
            }

            try
            {
                return (await restore(template, cancellationToken), created);
            }
            catch (StaleSnapshotException) when (attempt < 3)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed class Entry
    {
        private int _claimed;

        public TaskCompletionSource<MachineTemplate> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;
    }
}
