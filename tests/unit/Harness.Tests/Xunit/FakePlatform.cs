using System.Collections.Concurrent;
using Harness.Machines;

namespace Harness.Tests.Xunit;

/// <summary>
/// A platform without VMs: machines "boot" instantly with a console text chosen per machine name, and record whether
/// they were destroyed. Enough for Machine.StartAsync with a raw Ignition config (no SSH).
/// </summary>
internal sealed class FakePlatform(PlatformCapabilities capabilities = PlatformCapabilities.Reboot | PlatformCapabilities.PowerControl) : IPlatform
{
    public ConcurrentDictionary<string, FakeBackend> Backends { get; } = new();

    /// <summary>Console text for a machine name (default: a clean boot).</summary>
    public Func<string, string> ConsoleFor { get; init; } = _ => "Booting\nWelcome\n";

    public string Name => "fake";

    public Arch Arch => Arch.Amd64;

    public PlatformCapabilities Capabilities => capabilities;

    public string Description => "fake platform, TCG";


    public bool HardwareAccelerated { get; init; }

    public string? HostAddressForGuests => null;


    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public bool Disposed { get; private set; }

    /// <summary>How long creating (booting) a machine takes. Default: no time.</summary>
    public TimeSpan BootTime { get; init; }

    /// <summary>A boot failure's message for a machine name, or null (the default) when it boots.</summary>
    public Func<string, string?>? BootFailure { get; init; }

    /// <summary>The most machines that were being created at the same moment.</summary>
    public int MostBootingAtOnce => _mostBooting;

    private int _booting;
    private int _mostBooting;

    public async Task<IMachineBackend> CreateMachineAsync(MachineLaunch launch, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _booting);
        for (var most = _mostBooting; now > most; most = _mostBooting)
        {
            Interlocked.CompareExchange(ref _mostBooting, now, most);
        }

        try
        {
            await Task.Delay(BootTime, cancellationToken);
            if (BootFailure?.Invoke(launch.Name) is { } failure)
            {
                throw new InvalidOperationException(failure);
            }

            var console = Path.Combine(launch.ArtifactDir, "console.txt");
            File.WriteAllText(console, ConsoleFor(launch.Name));
            var backend = new FakeBackend(launch.Name, console);
            Backends[launch.Name] = backend;
            return backend;
        }
        finally
        {
            Interlocked.Decrement(ref _booting);
        }
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    internal sealed class FakeBackend(string name, string consolePath) : IMachineBackend, IConsoleLog
    {
        public string Name => name;

        public SshEndpoint Ssh => new("127.0.0.1", 22);

        public IConsoleLog Console => this;

        public string? ExitReason => Destroyed ? "destroyed" : null;

        public bool Destroyed { get; private set; }

        public string FilePath => consolePath;

        public string ReadAll() => File.ReadAllText(consolePath);

        public Task ResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CollectArtifactsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Destroyed = true;
            return ValueTask.CompletedTask;
        }
    }
}
