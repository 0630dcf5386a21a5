using Harness.Failures;

namespace Harness.Machines;

/// <summary>
/// A place machines boot: QEMU, a cloud. Platforms implement primitives only; every test verb
/// (succeed, wait for unit, reboot, …) is written once in the core over <see cref="IMachineBackend"/>.
/// Lifetime: one platform instance per run (it owns run-wide resources such as an uploaded image).
/// </summary>
public interface IPlatform : IAsyncDisposable
{
    /// <summary>Short platform name as used in reports (<c>qemu</c>, <c>azure</c>).</summary>
    string Name { get; }

    /// <summary>Architecture of the machines it boots.</summary>
    Arch Arch { get; }

    /// <summary>What the platform can do beyond boot + exec.</summary>
    PlatformCapabilities Capabilities { get; }

    /// <summary>One line for logs and results: accelerator, firmware, image (e.g. "qemu-system-x86_64 7.2, TCG (KVM probe failed: …)").</summary>
    string Description { get; }

    /// <summary>
    /// True when guests run with hardware virtualisation (KVM, a cloud VM); false under emulation (QEMU TCG), where
    /// every guest costs host CPU. Meaningful after <see cref="InitializeAsync"/>.
    /// </summary>
    bool HardwareAccelerated { get; }

    /// <summary>
    /// The address at which guests reach a server the harness listens on at the host's 127.0.0.1 (same port), or null
    /// when they cannot (a cloud VM). Set exactly when <see cref="Capabilities"/> has
    /// <see cref="PlatformCapabilities.HostServices"/>. Servers never bind to outside addresses.
    /// </summary>
    string? HostAddressForGuests { get; }

    /// <summary>
    /// Prepares run-wide resources and facts before the first machine (QEMU: sweeps leftovers of dead runs and chooses
    /// the accelerator). Idempotent; <see cref="CreateMachineAsync"/> calls it when nobody did.
    /// </summary>
    /// <exception cref="InfrastructureException">The platform cannot be used.</exception>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates and powers on a machine. Returns once the VM process runs (not when the OS is up).
    /// On failure everything created so far is destroyed before the exception leaves.
    /// </summary>
    /// <exception cref="InfrastructureException">The platform could not create the machine.</exception>
    Task<IMachineBackend> CreateMachineAsync(MachineLaunch launch, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a machine that resumes from <paramref name="snapshot"/> (saved by this platform) on its own disk overlay,
    /// firmware variables, ports and console. <paramref name="launch"/>'s options must equal the snapshot's; its
    /// Ignition config is what the saved machine booted with (the platform passes it again for later boots). Returns
    /// once the VM runs the restored state. Only on platforms with <see cref="PlatformCapabilities.Snapshots"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The platform cannot restore machines.</exception>
    /// <exception cref="StaleSnapshotException">The image, firmware or emulator changed since the snapshot was saved.</exception>
    /// <exception cref="InfrastructureException">The platform could not restore the machine; nothing is left running.</exception>
    Task<IMachineBackend> RestoreMachineAsync(MachineSnapshot snapshot, MachineLaunch launch, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"platform {Name} cannot restore machines from snapshots");
}
