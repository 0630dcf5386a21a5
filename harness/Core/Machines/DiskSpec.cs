namespace Harness.Machines;

/// <summary>An extra, empty disk attached to a machine.</summary>
/// <param name="SizeMiB">Size in MiB.</param>
/// <param name="Serial">Optional serial (QEMU: shows up as <c>/dev/disk/by-id/virtio-SERIAL</c>).</param>
public sealed record DiskSpec(int SizeMiB, string? Serial = null);
