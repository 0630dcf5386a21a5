using Harness.Machines;

namespace Harness.Tests.Machines;

/// <summary>An <see cref="IPlatform"/> that hands out <see cref="FakeBackend"/>s and records the launches.</summary>
public sealed class FakePlatform : IPlatform
{
    public string Name => "fake";

    public Arch Arch => Arch.Amd64;

    public PlatformCapabilities Capabilities { get; set; } = PlatformCapabilities.Reboot | PlatformCapabilities.PowerControl | PlatformCapabilities.LiveConsole;

    public string Description => "fake platform for unit tests";


    public bool HardwareAccelerated => false;

    public string? HostAddressForGuests => null;


    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public List<MachineLaunch> Launches { get; } = [];

    /// <summary>The backend of the last launch.</summary>
    public FakeBackend? Backend { get; private set; }

    /// <summary>Runs on the new backend before it is returned (e.g. to script a crash).</summary>
    public Action<FakeBackend>? OnCreate { get; set; }

    public Task<IMachineBackend> CreateMachineAsync(MachineLaunch launch, CancellationToken cancellationToken)
    {
        Launches.Add(launch);
        Backend = new FakeBackend(launch.Name, launch.ArtifactDir);
        OnCreate?.Invoke(Backend);
        return Task.FromResult<IMachineBackend>(Backend);
    }

    /// <summary>Snapshots passed to <see cref="RestoreMachineAsync"/>, in order.</summary>
    public List<MachineSnapshot> Restores { get; } = [];

    /// <summary>When set, the next restore refuses the snapshot as stale (then clears itself).</summary>
    public bool NextRestoreStale { get; set; }

    public Task<IMachineBackend> RestoreMachineAsync(MachineSnapshot snapshot, MachineLaunch launch, CancellationToken cancellationToken)
    {
        if (NextRestoreStale)
        {
            NextRestoreStale = false;
            throw new StaleSnapshotException($"snapshot {snapshot.Directory} is stale");
        }

        Restores.Add(snapshot);
        return CreateMachineAsync(launch, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
