using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harness.ConsoleChecks;
using Harness.Ssh;

namespace Harness.Machines;

/// <summary>
/// A machine booted once and saved, from which tests get their own machines restored in seconds
/// (<see cref="Machine.CreateTemplateAsync"/>, <see cref="Machine.RestoreAsync"/>). Restored machines share the
/// template's identity: boot id, machine id, SSH host keys (the pinned one is the template's) and the first boot's
/// journal; each has its own disk overlay, firmware variables, ports, console and clock (set to the host's).
/// </summary>
/// <param name="Key">What the template is for (<see cref="KeyFor"/>): equal keys, interchangeable machines.</param>
/// <param name="Spec">The spec it was booted from.</param>
/// <param name="Snapshot">The saved state.</param>
/// <param name="HostKeys">The SSH host keys injected at its boot (private halves are not kept).</param>
/// <param name="BootId">Its boot id when saved; a restored machine must report the same (it resumed, it did not boot).</param>
/// <param name="IgnitionJson">The config it booted with, host keys included (passed again for later boots; never written to artifacts).</param>
/// <param name="ReportedIgnitionJson">That config with the host private keys redacted (each restored machine's <c>ignition.json</c>).</param>
/// <param name="ArtifactDir">The template's own evidence (console of the first boot, <c>ignition.json</c>).</param>
public sealed record MachineTemplate(
    string Key,
    MachineSpec Spec,
    MachineSnapshot Snapshot,
    SshHostKeys HostKeys,
    string BootId,
    string IgnitionJson,
    string ReportedIgnitionJson,
    string ArtifactDir)
{
    /// <summary>Name of the note written into each restored machine's artifact folder, pointing at the template.</summary>
    public const string RestoredFromFile = "restored-from.txt";

    /// <summary>
    /// Whether a machine from <paramref name="spec"/> can come from a template: a typed Ignition config (a raw one may be
    /// deliberately broken and is observed on its console) and no private network (its address is per machine).
    /// </summary>
    public static bool Supports(MachineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.RawIgnition is null && spec.PrivateNic is null;
    }

    /// <summary>
    /// The template key of <paramref name="spec"/>: a SHA-256 over everything that makes two machines differ before a
    /// test touches them — the platform and architecture, the rendered Ignition config, the size, the run's SSH client
    /// key (so templates never cross runs) and the console checks the test allows (a template's first boot is checked
    /// with them). The image, firmware and emulator are the platform's part (<see cref="MachineSnapshot.Fingerprint"/>).
    /// The spec's name is not part of it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="spec"/> is not <see cref="Supports">supported</see>.</exception>
    public static string KeyFor(MachineSpec spec, IPlatform platform, SshKeyPair clientKey, IReadOnlyList<ConsoleCheckOptOut> consoleOptOuts)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(clientKey);
        ArgumentNullException.ThrowIfNull(consoleOptOuts);
        if (!Supports(spec))
        {
            throw new ArgumentException("a machine with a raw Ignition config or a private network is always booted, never restored from a template", nameof(spec));
        }

        var text = new StringBuilder()
            .Append("platform=").Append(platform.Name).Append('\n')
            .Append("arch=").Append(platform.Arch).Append('\n')
            .Append("memory=").Append(spec.Options.MemoryMiB.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("cpus=").Append(spec.Options.Cpus.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var disk in spec.Options.ExtraDisks)
        {
            text.Append("disk=").Append(disk.SizeMiB.ToString(CultureInfo.InvariantCulture)).Append(',').Append(disk.Serial ?? "").Append('\n');
        }

        text.Append("client=").Append(clientKey.PublicKeyBlob).Append('\n');
        foreach (var optOut in consoleOptOuts.Select(o => o.CheckId).Order(StringComparer.Ordinal))
        {
            text.Append("allow=").Append(optOut).Append('\n');
        }

        text.Append("ignition=").Append(spec.Ignition.ToJson()).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
