namespace Harness.Platforms.Qemu;

/// <summary>Which QEMU accelerator runs the guests (setting <c>HARNESS_ACCEL</c>).</summary>
public enum QemuAccelerator
{
    /// <summary>
    /// KVM when a short probe guest really runs under it on this host (the verdict is cached in the state dir),
    /// otherwise TCG.
    /// </summary>
    Auto,

    /// <summary>KVM, without probing.</summary>
    Kvm,

    /// <summary>TCG (software emulation, multi-threaded), without probing.</summary>
    Tcg,
}
