using System.Globalization;
using Harness.Machines;

namespace Harness.Platforms.Qemu;

/// <summary>What the platform resolved once per run: binaries, accelerator verdict, firmware and image formats.</summary>
/// <param name="Binary">Absolute path of the QEMU system emulator.</param>
/// <param name="Version">QEMU version (e.g. <c>7.2.22</c>); empty when unknown.</param>
/// <param name="QemuImg">Absolute path of qemu-img.</param>
/// <param name="Arch">Guest architecture.</param>
/// <param name="Kvm">True for KVM, false for TCG.</param>
/// <param name="AcceleratorReason">Why that accelerator (e.g. "KVM probe failed: KVM internal error …").</param>
/// <param name="FirmwareCode">Absolute path of the firmware code (read-only pflash).</param>
/// <param name="FirmwareCodeFormat">Its format.</param>
/// <param name="FirmwareVars">Absolute path of the variables template.</param>
/// <param name="FirmwareVarsFormat">Its format.</param>
/// <param name="Image">Absolute path of the base disk.</param>
/// <param name="ImageFormat">Its format.</param>
internal sealed record QemuSetup(
    string Binary,
    string Version,
    string QemuImg,
    Arch Arch,
    bool Kvm,
    string AcceleratorReason,
    string FirmwareCode,
    DiskFormat FirmwareCodeFormat,
    string FirmwareVars,
    DiskFormat FirmwareVarsFormat,
    string Image,
    DiskFormat ImageFormat)
{
    /// <summary>
    /// The virtual CPUs a machine really gets: what it asked for, except an emulated arm64 guest (TCG on another host
    /// architecture), which gets one. With two, the contract image's Debian arm64 kernel soft-locked one vCPU for
    /// minutes in dm-verity/erofs I/O on QEMU 7.2's multi-threaded TCG ("watchdog: BUG: soft lockup - CPU#1 stuck for
    /// 134s", RCU stalls; the boot took 5 min instead of 2.5); with one it boots cleanly.
    /// </summary>
    public int EffectiveCpus(MachineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Arch == Arch.Arm64 && !Kvm ? 1 : options.Cpus;
    }

    /// <summary>The one-line description reported as <see cref="IPlatform.Description"/>.</summary>
    public string Describe() =>
        $"{Path.GetFileName(Binary)} {(Version.Length > 0 ? Version : "(version unknown)")}, accel {(Kvm ? "kvm" : "tcg")} ({AcceleratorReason}), "
        + $"firmware {FirmwareCode}, image {Image} ({ImageFormat.ToQemu()})";

    /// <summary>
    /// What a saved machine's state depends on, for <see cref="MachineSnapshot.Fingerprint"/>: the emulator (path,
    /// version, its file's size and time), the accelerator, the architecture, the firmware code and variables template
    /// and the base image (each by path, size and modification time, which a rebuild or a copy changes). A content
    /// hash of a multi-GiB image would cost seconds per restore; the identity above changes whenever the content does.
    /// </summary>
    public string Fingerprint() =>
        string.Join(
            "; ",
            $"qemu={FileIdentity(Binary)} {Version}",
            $"accel={(Kvm ? "kvm" : "tcg")}",
            $"arch={Arch}",
            $"code={FileIdentity(FirmwareCode)}",
            $"vars={FileIdentity(FirmwareVars)}",
            $"image={FileIdentity(Image)}");

    private static string FileIdentity(string path)
    {
        var info = new FileInfo(path);
        return info.Exists
            ? $"{path}:{info.Length.ToString(CultureInfo.InvariantCulture)}:{info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)}"
            : $"{path}:missing";
    }
}
