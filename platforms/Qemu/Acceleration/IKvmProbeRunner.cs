namespace Harness.Platforms.Qemu;

/// <summary>Runs the KVM probe guest (the real one starts QEMU; tests use a fake).</summary>
internal interface IKvmProbeRunner
{
    Task<KvmProbeObservation> RunAsync(CancellationToken cancellationToken);
}
