using Harness.Failures;

namespace Harness.Machines;

/// <summary>
/// The platform side of one machine: the primitives the core builds its verbs on.
/// Disposal destroys the VM and releases everything (idempotent, never throws);
/// call <see cref="CollectArtifactsAsync"/> first to keep evidence.
/// </summary>
public interface IMachineBackend : IAsyncDisposable
{
    /// <summary>The harness's name for the machine (from <see cref="MachineLaunch.Name"/>).</summary>
    string Name { get; }

    /// <summary>Where sshd is reachable.</summary>
    SshEndpoint Ssh { get; }

    /// <summary>The serial console.</summary>
    IConsoleLog Console { get; }

    /// <summary>Null while the VM runs; otherwise why it stopped ("qemu exited with code 1: …").</summary>
    string? ExitReason { get; }

    /// <summary>Hard reset, like pressing the reset button (no clean shutdown).</summary>
    Task ResetAsync(CancellationToken cancellationToken);

    /// <summary>Writes platform-specific artifacts (QEMU: qemu-cmdline.txt) into the artifact folder. Never throws.</summary>
    Task CollectArtifactsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Brings the machine's private-network link down (<paramref name="up"/> false: the guest sees no carrier and no
    /// frames pass either way) or up again. Only for machines launched with <see cref="MachineLaunch.PrivateNic"/> on a
    /// platform with <see cref="PlatformCapabilities.PrivateNetwork"/>; the default implementation says it is not supported.
    /// </summary>
    /// <exception cref="NotSupportedException">The platform cannot cut links.</exception>
    /// <exception cref="InfrastructureException">The platform did not accept the change.</exception>
    Task SetPrivateLinkAsync(bool up, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"machine {Name}: this platform cannot cut its private-network link");

    /// <summary>
    /// Saves the running machine and stops it: memory and device state, disks and firmware variables, frozen read-only
    /// in a folder the platform owns (it deletes its snapshots when it is disposed, or sweeps them after a crash).
    /// The machine is gone afterwards (dispose it as usual). Only on platforms with
    /// <see cref="PlatformCapabilities.Snapshots"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The platform cannot save machines.</exception>
    /// <exception cref="InfrastructureException">Saving failed; the machine is stopped and no snapshot is left.</exception>
    Task<MachineSnapshot> SaveSnapshotAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"machine {Name}: this platform cannot save machines");
}
