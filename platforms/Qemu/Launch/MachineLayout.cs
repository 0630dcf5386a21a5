namespace Harness.Platforms.Qemu;

/// <summary>
/// Where one machine's files live: disposable state (overlay, variables copy, extra disks, pidfile) in
/// <paramref name="StateDir"/>, evidence (console, Ignition config, command line, QEMU's output) in
/// <paramref name="ArtifactDir"/>, and the QMP socket at a short path (unix socket paths are limited to 108 bytes).
/// </summary>
internal sealed record MachineLayout(string StateDir, string ArtifactDir, string QmpSocket)
{
    public string Overlay => Path.Combine(StateDir, "overlay.qcow2");

    public string PidFile => Path.Combine(StateDir, "qemu.pid");

    public string Ignition => Path.Combine(StateDir, "ignition.json");

    public string Console => Path.Combine(ArtifactDir, "console.txt");

    public string QemuOutput => Path.Combine(ArtifactDir, "qemu-stderr.txt");

    public string CommandLine => Path.Combine(ArtifactDir, "qemu-cmdline.txt");

    /// <summary>The per-machine copy of the firmware variables (same format as the template).</summary>
    public string FirmwareVars(DiskFormat format) => Path.Combine(StateDir, format == DiskFormat.Qcow2 ? "vars.qcow2" : "vars.fd");

    /// <summary>The file of extra disk number <paramref name="index"/> (0-based).</summary>
    public string ExtraDisk(int index) => Path.Combine(StateDir, $"disk{index + 1}.qcow2");
}
