using Harness.Machines;

namespace Harness.Platforms.Qemu;

/// <summary>
/// Settings of the QEMU platform. Immutable; use <c>with</c> to change. Unset optional values take the
/// defaults for <see cref="Arch"/> (see the <c>Effective…</c> properties). Call <see cref="Validate"/> before
/// starting anything (the <see cref="QemuPlatform"/> constructor does).
/// </summary>
public sealed record QemuOptions
{
    /// <summary>Environment variable naming the image (used in messages).</summary>
    public const string ImageSetting = "HARNESS_IMAGE";

    /// <summary>Environment variable naming the firmware code file (used in messages).</summary>
    public const string FirmwareCodeSetting = "HARNESS_FIRMWARE_CODE";

    /// <summary>Environment variable naming the firmware variables template (used in messages).</summary>
    public const string FirmwareVarsSetting = "HARNESS_FIRMWARE_VARS";

    /// <summary>Environment variable naming the QEMU binary (used in messages).</summary>
    public const string QemuSetting = "HARNESS_QEMU";

    /// <summary>Environment variable choosing the accelerator (used in messages).</summary>
    public const string AcceleratorSetting = "HARNESS_ACCEL";

    /// <summary>Guest architecture. Default <see cref="Arch.Amd64"/>.</summary>
    public Arch Arch { get; init; } = Arch.Amd64;

    /// <summary>The base disk (qcow2 or raw). Never modified: every machine boots a qcow2 overlay over it.</summary>
    public required string ImagePath { get; init; }

    /// <summary>UEFI firmware code (read-only pflash). Null: <see cref="DefaultFirmwareCode"/> for <see cref="Arch"/>.</summary>
    public string? FirmwareCode { get; init; }

    /// <summary>UEFI variables template, copied per machine. Null: <see cref="DefaultFirmwareVars"/> for <see cref="Arch"/>.</summary>
    public string? FirmwareVars { get; init; }

    /// <summary>QEMU system emulator, a name looked up on PATH or a path. Null: <see cref="DefaultQemuBinary"/> for <see cref="Arch"/>.</summary>
    public string? QemuBinary { get; init; }

    /// <summary>Accelerator choice. Default <see cref="QemuAccelerator.Auto"/> (probe KVM, fall back to TCG).</summary>
    public QemuAccelerator Accelerator { get; init; } = QemuAccelerator.Auto;

    /// <summary>
    /// Folder for per-machine files (overlays, firmware variables, pid records) and the accelerator verdict cache.
    /// Null: <c>$XDG_STATE_HOME/harness/qemu</c>, or <c>~/.local/state/harness/qemu</c>.
    /// </summary>
    public string? StateDir { get; init; }

    /// <summary>How long <see cref="IAsyncDisposable.DisposeAsync"/> of a machine waits for QEMU to quit before killing it. Default 10 s.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the KVM probe guest may take to print firmware output. Default 15 s.</summary>
    public TimeSpan KvmProbeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Firmware code file used when <see cref="FirmwareCode"/> is null.</summary>
    public string EffectiveFirmwareCode => FirmwareCode ?? DefaultFirmwareCode(Arch);

    /// <summary>Firmware variables template used when <see cref="FirmwareVars"/> is null.</summary>
    public string EffectiveFirmwareVars => FirmwareVars ?? DefaultFirmwareVars(Arch);

    /// <summary>QEMU binary used when <see cref="QemuBinary"/> is null.</summary>
    public string EffectiveQemuBinary => QemuBinary ?? DefaultQemuBinary(Arch);

    /// <summary>State folder used when <see cref="StateDir"/> is null.</summary>
    public string EffectiveStateDir => Path.GetFullPath(StateDir ?? DefaultStateDir());

    /// <summary>Debian's firmware code for <paramref name="arch"/>: OVMF (package <c>ovmf</c>) or AAVMF (<c>qemu-efi-aarch64</c>).</summary>
    public static string DefaultFirmwareCode(Arch arch) => arch switch
    {
        Arch.Amd64 => "/usr/share/OVMF/OVMF_CODE_4M.fd",
        Arch.Arm64 => "/usr/share/AAVMF/AAVMF_CODE.fd",
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "unknown architecture"),
    };

    /// <summary>Debian's firmware variables template for <paramref name="arch"/>.</summary>
    public static string DefaultFirmwareVars(Arch arch) => arch switch
    {
        Arch.Amd64 => "/usr/share/OVMF/OVMF_VARS_4M.fd",
        Arch.Arm64 => "/usr/share/AAVMF/AAVMF_VARS.fd",
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "unknown architecture"),
    };

    /// <summary>The QEMU system emulator for <paramref name="arch"/>, looked up on PATH.</summary>
    public static string DefaultQemuBinary(Arch arch) => arch switch
    {
        Arch.Amd64 => "qemu-system-x86_64",
        Arch.Arm64 => "qemu-system-aarch64",
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "unknown architecture"),
    };

    /// <summary>The per-user default state folder.</summary>
    public static string DefaultStateDir()
    {
        var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(stateHome) || !Path.IsPathRooted(stateHome))
        {
            stateHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine(stateHome, "harness", "qemu");
    }

    /// <summary>
    /// Checks that the image, firmware and QEMU binaries exist and look right. Reads only file headers; starts nothing.
    /// </summary>
    /// <exception cref="ConfigurationException">The first problem found, as one line naming the setting and the fix.</exception>
    public void Validate()
    {
        var problem = FindProblem();
        if (problem is not null)
        {
            throw problem;
        }
    }

    private ConfigurationException? FindProblem()
    {
        return CheckImage()
            ?? CheckFirmware(EffectiveFirmwareCode, "firmware code", FirmwareCodeSetting, Arch == Arch.Amd64 ? "OVMF_CODE" : "AAVMF_CODE")
            ?? CheckFirmware(EffectiveFirmwareVars, "firmware variables template", FirmwareVarsSetting, Arch == Arch.Amd64 ? "OVMF_VARS" : "AAVMF_VARS")
            ?? CheckQemu()
            ?? CheckQemuImg();
    }

    private ConfigurationException? CheckImage()
    {
        const string fix = "build the contract image with images/contract/build or point " + ImageSetting
            + " at a Flatcar qemu_uefi image";
        if (string.IsNullOrWhiteSpace(ImagePath))
        {
            return new ConfigurationException(ImageSetting, $"image ({ImageSetting}) is not set: {fix}");
        }

        if (Directory.Exists(ImagePath))
        {
            return new ConfigurationException(ImageSetting, $"image {ImagePath} ({ImageSetting}) is a directory, not a disk image: {fix}");
        }

        if (!File.Exists(ImagePath))
        {
            return new ConfigurationException(ImageSetting, $"image {ImagePath} ({ImageSetting}) does not exist: {fix}");
        }

        (DiskFormat Format, string Detail) sniffed;
        try
        {
            sniffed = DiskImage.Sniff(ImagePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ConfigurationException(ImageSetting, $"image {ImagePath} ({ImageSetting}) cannot be read ({e.Message}): fix its permissions or {fix}");
        }

        return sniffed.Format == DiskFormat.Unknown
            ? new ConfigurationException(ImageSetting,
                $"image {ImagePath} ({ImageSetting}) is not a disk image ({sniffed.Detail}): point {ImageSetting} at a qcow2 or raw disk image, e.g. flatcar_production_qemu_uefi_image.img")
            : null;
    }

    private ConfigurationException? CheckFirmware(string path, string what, string setting, string fileKind)
    {
        var package = Arch == Arch.Amd64 ? "ovmf" : "qemu-efi-aarch64";
        if (!File.Exists(path))
        {
            return new ConfigurationException(setting,
                $"{what} {path} ({setting}) does not exist: install the {package} package (apt-get install {package}) or point {setting} at a {fileKind} file");
        }

        return new FileInfo(path).Length == 0
            ? new ConfigurationException(setting, $"{what} {path} ({setting}) is empty: reinstall the {package} package or point {setting} at a {fileKind} file")
            : null;
    }

    private ConfigurationException? CheckQemu()
    {
        var binary = EffectiveQemuBinary;
        if (ExecutableLookup.Find(binary) is not null)
        {
            return null;
        }

        var package = Arch == Arch.Amd64 ? "qemu-system-x86" : "qemu-system-arm";
        var where = binary.Contains('/', StringComparison.Ordinal)
            ? File.Exists(binary) ? "is not executable" : "does not exist"
            : "was not found on PATH";
        return new ConfigurationException(QemuSetting,
            $"qemu binary {binary} ({QemuSetting}) {where}: install {package} (apt-get install {package}) or set {QemuSetting} to the path of {DefaultQemuBinary(Arch)}");
    }

    private static ConfigurationException? CheckQemuImg() =>
        ExecutableLookup.Find("qemu-img") is null
            ? new ConfigurationException("PATH", "qemu-img (PATH) was not found on PATH: install qemu-utils (apt-get install qemu-utils)")
            : null;
}
