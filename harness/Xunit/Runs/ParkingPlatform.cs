using Harness.Machines;

namespace Harness.Xunit.Runs;

/// <summary>
/// <c>HARNESS_KEEP_MACHINES</c>: wraps the platform so that destroying a machine is deferred to the end of its test.
/// The test's <c>await using</c> then only parks the VM; if the test failed, the harness keeps it running and prints
/// how to reach it, otherwise it destroys it. Used only when keeping is on.
/// </summary>
internal sealed class ParkingPlatform(IPlatform inner) : IPlatform
{
    public string Name => inner.Name;

    public Arch Arch => inner.Arch;

    public PlatformCapabilities Capabilities => inner.Capabilities;

    public string Description => inner.Description;

    public bool HardwareAccelerated => inner.HardwareAccelerated;

    public string? HostAddressForGuests => inner.HostAddressForGuests;

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public async Task<IMachineBackend> CreateMachineAsync(MachineLaunch launch, CancellationToken cancellationToken)
    {
        var backend = new ParkedBackend(await inner.CreateMachineAsync(launch, cancellationToken));
        OsTestContext.Current?.TrackBackend(backend);
        return backend;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>A backend whose disposal only parks it until <see cref="DestroyAsync"/>.</summary>
    internal sealed class ParkedBackend(IMachineBackend backend) : IMachineBackend
    {
        public string Name => backend.Name;

        public SshEndpoint Ssh => backend.Ssh;

        public IConsoleLog Console => backend.Console;

        public string? ExitReason => backend.ExitReason;

        public Task ResetAsync(CancellationToken cancellationToken) => backend.ResetAsync(cancellationToken);

        public Task CollectArtifactsAsync(CancellationToken cancellationToken) => backend.CollectArtifactsAsync(cancellationToken);

        public Task SetPrivateLinkAsync(bool up, CancellationToken cancellationToken) => backend.SetPrivateLinkAsync(up, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        /// <summary>Really destroys the VM.</summary>
        public ValueTask DestroyAsync() => backend.DisposeAsync();
    }
}
