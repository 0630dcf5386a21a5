using Harness.Failures;
using Harness.Logging;

namespace Harness.Machines;

public sealed partial class Machine
{
    /// <summary>This machine's IPv4 address on the test's private network (<c>10.23.187.11</c>), or null without one.</summary>
    public string? PrivateAddress => Spec.PrivateNic?.Address;

    /// <summary>
    /// Cuts this machine's private-network link (the NixOS driver's <c>block</c>): the guest loses carrier on that
    /// interface and no frames pass either way, until <see cref="UnblockNetworkAsync"/>. The SSH path (first NIC) stays up.
    /// </summary>
    /// <exception cref="InvalidOperationException">The machine has no private network.</exception>
    /// <exception cref="NotSupportedException">The platform cannot cut links.</exception>
    /// <exception cref="InfrastructureException">The platform did not accept the change.</exception>
    public Task BlockNetworkAsync(CancellationToken cancellationToken = default) => SetPrivateLinkAsync(up: false, cancellationToken);

    /// <summary>Restores the private-network link cut by <see cref="BlockNetworkAsync"/> (the NixOS driver's <c>unblock</c>).</summary>
    /// <exception cref="InvalidOperationException">The machine has no private network.</exception>
    /// <exception cref="NotSupportedException">The platform cannot cut links.</exception>
    /// <exception cref="InfrastructureException">The platform did not accept the change.</exception>
    public Task UnblockNetworkAsync(CancellationToken cancellationToken = default) => SetPrivateLinkAsync(up: true, cancellationToken);

    private async Task SetPrivateLinkAsync(bool up, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (Spec.PrivateNic is null)
        {
            throw new InvalidOperationException($"machine {Name} has no private network: start it with MachineSpec.WithPrivateNic (Session.StartClusterAsync with a PrivateNetwork)");
        }

        RequireCapability(PlatformCapabilities.PrivateNetwork, up ? "restore a private-network link" : "cut a private-network link");
        var step = up ? "restoring the private-network link" : "cutting the private-network link";
        var started = _time.GetTimestamp();
        HarnessLog.StepStarting(_logger, Name, step);
        await _backend.SetPrivateLinkAsync(up, cancellationToken);
        var elapsed = _time.GetElapsedTime(started);
        HarnessLog.StepDone(_logger, Name, step, elapsed);
    }
}
