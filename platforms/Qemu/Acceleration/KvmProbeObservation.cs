namespace Harness.Platforms.Qemu;

/// <summary>What a KVM probe run showed (the input of <see cref="KvmProbe.Decide"/>).</summary>
/// <param name="FirmwareOutput">The guest firmware wrote to the serial console (guest code ran).</param>
/// <param name="Exited">QEMU exited by itself during the probe.</param>
/// <param name="ExitCode">Its exit code when it exited.</param>
/// <param name="QemuOutput">QEMU's stderr/stdout.</param>
/// <param name="Elapsed">How long the probe ran.</param>
/// <param name="Timeout">The probe's limit.</param>
internal sealed record KvmProbeObservation(bool FirmwareOutput, bool Exited, int? ExitCode, string QemuOutput, TimeSpan Elapsed, TimeSpan Timeout);
