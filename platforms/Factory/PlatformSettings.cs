using Harness.Machines;

namespace Harness.Platforms;

/// <summary>
/// Platform settings as the user gives them (the session builds this from environment variables). Strings are
/// kept as given; <see cref="PlatformFactory.Create(PlatformSettings, Microsoft.Extensions.Logging.ILoggerFactory?)"/> interprets and validates them.
/// </summary>
/// <param name="Platform">Platform name (<c>HARNESS_PLATFORM</c>): <c>qemu</c> or <c>azure</c>.</param>
/// <param name="Arch">Guest architecture (<c>HARNESS_ARCH</c>).</param>
/// <param name="ImagePath">Base disk image (<c>HARNESS_IMAGE</c>).</param>
/// <param name="StateDir">Folder for per-machine state, pid records and caches (null: the platform's per-user default).</param>
public sealed record PlatformSettings(string Platform, Arch Arch, string ImagePath, string? StateDir = null)
{
    /// <summary>UEFI firmware code (<c>HARNESS_FIRMWARE_CODE</c>); null: the platform's default for <see cref="Arch"/>.</summary>
    public string? FirmwareCode { get; init; }

    /// <summary>UEFI variables template (<c>HARNESS_FIRMWARE_VARS</c>); null: the platform's default.</summary>
    public string? FirmwareVars { get; init; }

    /// <summary>QEMU binary, name or path (<c>HARNESS_QEMU</c>); null: the default for <see cref="Arch"/>.</summary>
    public string? QemuBinary { get; init; }

    /// <summary>Accelerator (<c>HARNESS_ACCEL</c>): <c>auto</c>, <c>kvm</c> or <c>tcg</c>; null or empty: auto.</summary>
    public string? Accelerator { get; init; }

    /// <summary>Release channel (<c>HARNESS_CHANNEL</c>); picks the Azure marketplace SKU. Null: stable.</summary>
    public string? Channel { get; init; }

    /// <summary>Where cloud platforms read their own settings (<c>HARNESS_AZURE_*</c>). Null: the process environment.</summary>
    public Func<string, string?>? Variables { get; init; }
}
