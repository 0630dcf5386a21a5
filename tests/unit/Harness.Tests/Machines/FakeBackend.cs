using System.Text;
using Harness.Machines;

namespace Harness.Tests.Machines;

/// <summary>A scripted <see cref="IMachineBackend"/>: a console that tests append to, a settable exit reason, counters.</summary>
public sealed class FakeBackend(string name, string artifactDir) : IMachineBackend
{
    private readonly FakeConsole _console = new(Path.Combine(artifactDir, "console.txt"));

    public string Name { get; } = name;

    public SshEndpoint Ssh { get; } = new("127.0.0.1", 2222);

    public IConsoleLog Console => _console;

    public string? ExitReason { get; set; }

    public int Resets { get; private set; }

    public int Collected { get; private set; }

    public int Disposed { get; private set; }

    /// <summary>Runs on every reset (e.g. to print a new boot on the console).</summary>
    public Action? OnReset { get; set; }

    public bool ThrowOnCollect { get; set; }

    public bool ThrowOnDispose { get; set; }

    /// <summary>Every private-link change, in order (true = up).</summary>
    public List<bool> LinkChanges { get; } = [];

    public Task SetPrivateLinkAsync(bool up, CancellationToken cancellationToken)
    {
        LinkChanges.Add(up);
        return Task.CompletedTask;
    }

    public void Print(string line) => _console.Append(line + "\n");

    public int Saves { get; private set; }

    public Task<MachineSnapshot> SaveSnapshotAsync(CancellationToken cancellationToken)
    {
        Saves++;
        ExitReason = "saved";
        return Task.FromResult(new MachineSnapshot("fake", Path.Combine(Path.GetTempPath(), "fake-snapshot-" + Name), "fp-1", MachineOptions.Default, 1234));
    }

    public Task ResetAsync(CancellationToken cancellationToken)
    {
        Resets++;
        OnReset?.Invoke();
        return Task.CompletedTask;
    }

    public Task CollectArtifactsAsync(CancellationToken cancellationToken)
    {
        Collected++;
        return ThrowOnCollect ? throw new IOException("disk full") : Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed++;
        return ThrowOnDispose ? throw new InvalidOperationException("qemu would not die") : ValueTask.CompletedTask;
    }

    private sealed class FakeConsole(string path) : IConsoleLog
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();

        public string FilePath { get; } = path;

        public void Append(string text)
        {
            lock (_gate)
            {
                _text.Append(text);
            }
        }

        public string ReadAll()
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }
}
