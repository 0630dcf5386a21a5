using Harness.Failures;
using Harness.Machines;
using Harness.Processes;

namespace Harness.Sysext;

/// <summary>
/// System extensions on a running machine: install an image the way Flatcar lays them out, refresh, and read what
/// is really merged (the overlay's <c>/usr/.systemd-sysext/extensions</c> and <c>systemd-sysext status</c>, not the
/// exit code: systemd 252's merge can exit 0 after failing).
/// </summary>
public static class SysextMachine
{
    /// <summary>The file the merged overlay carries in its top layer, listing the merged names one a line.</summary>
    public const string MergedListPath = "/usr/.systemd-sysext/extensions";

    /// <summary>
    /// Copies <paramref name="image"/> onto the machine: a raw image to <see cref="SysextImage.GuestImagePath"/>
    /// with the link <see cref="SysextImage.GuestLinkPath"/> pointing at it (replacing an earlier link, as a version
    /// bump does), a directory extension file by file under <c>/etc/extensions/NAME/</c>. Does not merge: call
    /// <see cref="RefreshSysextAsync"/>.
    /// </summary>
    /// <exception cref="TestFailureException">A copy or command failed.</exception>
    public static async Task InstallSysextAsync(this Machine machine, SysextImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(image);
        if (image.Format == SysextFormat.Directory)
        {
            var index = 0;
            foreach (var file in image.Files)
            {
                var temp = $"/tmp/sysext-{image.Name}-{index++}";
                await machine.CopyToAsync(file.SourcePath!, temp, cancellationToken);
                var mode = Convert.ToString(file.Mode, 8);
                await machine.SucceedAsync(
                    $"sudo install -D -o root -g root -m {mode} {temp} {ShellQuote.Quote($"{image.GuestLinkPath}/{file.Path}")} && rm -f {temp}",
                    cancellationToken: cancellationToken);
            }
            return;
        }

        var upload = $"/tmp/{image.FileName}";
        await machine.CopyToAsync(image.Path, upload, cancellationToken);
        var target = ShellQuote.Quote(image.GuestImagePath);
        await machine.SucceedAsync(
            $"sudo install -D -o root -g root -m 0644 {ShellQuote.Quote(upload)} {target} && rm -f {ShellQuote.Quote(upload)}"
            + $" && sudo mkdir -p /etc/extensions && sudo ln -sfn {target} {ShellQuote.Quote(image.GuestLinkPath)}",
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Points <c>/etc/extensions/NAME.raw</c> at an image already installed on the machine (a version flip, the
    /// sysupdate pattern). Does not merge: call <see cref="RefreshSysextAsync"/>.
    /// </summary>
    public static Task LinkSysextAsync(this Machine machine, SysextImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(image);
        return machine.SucceedAsync(
            $"test -f {ShellQuote.Quote(image.GuestImagePath)} && sudo ln -sfn {ShellQuote.Quote(image.GuestImagePath)} {ShellQuote.Quote(image.GuestLinkPath)}",
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Runs <c>sudo systemd-sysext refresh</c> (unmerge, then merge what matches) and returns its raw result: its
    /// messages say why images were ignored, but its exit code is not to be trusted on systemd 252 — check
    /// <see cref="MergedSysextsAsync"/>.
    /// </summary>
    public static Task<ExecResult> RefreshSysextAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return machine.ExecAsync("sudo SYSTEMD_LOG_LEVEL=debug systemd-sysext refresh", cancellationToken: cancellationToken);
    }

    /// <summary>Runs <c>sudo systemd-sysext unmerge</c>; returns its raw result.</summary>
    public static Task<ExecResult> UnmergeSysextAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return machine.ExecAsync("sudo systemd-sysext unmerge", cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The extension names merged into <c>/usr</c>, read from the overlay's <see cref="MergedListPath"/> (empty when
    /// <c>/usr</c> is not an overlay of extensions).
    /// </summary>
    public static async Task<IReadOnlyList<string>> MergedSysextsAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var text = await machine.SucceedAsync($"if test -e {MergedListPath}; then cat {MergedListPath}; fi", cancellationToken: cancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// What is merged, listed and mounted on <c>/usr</c> now (<see cref="SysextSnapshot"/>). Taken right after boot it
    /// is the baseline of what the OS merges itself (Flatcar: docker-flatcar, containerd-flatcar, oem-ID).
    /// </summary>
    public static async Task<SysextSnapshot> SysextSnapshotAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return new SysextSnapshot
        {
            Merged = await machine.MergedSysextsAsync(cancellationToken),
            Status = await machine.SysextStatusAsync(cancellationToken),
            Listed = SysextList.Parse(await machine.SucceedAsync("systemd-sysext list --json=short --no-pager", cancellationToken: cancellationToken)),
            UsrMounts = SysextSnapshot.ParseUsrMounts(await machine.SucceedAsync("findmnt -rn -o SOURCE,FSTYPE /usr", cancellationToken: cancellationToken)),
        };
    }

    /// <summary>
    /// One line that changes when anything visible under <c>/usr</c> changes: every path with its type, size and mode,
    /// hashed (as root). Equal fingerprints before and after an operation prove it left <c>/usr</c> as it was, with
    /// whatever extensions the OS had merged.
    /// </summary>
    public static async Task<string> UsrFingerprintAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return (await machine.SucceedAsync(
            "sudo find /usr -xdev -printf '%p %y %s %m\\n' | LC_ALL=C sort | sha256sum | cut -d' ' -f1",
            cancellationToken: cancellationToken)).Trim();
    }

    /// <summary>What <c>systemd-sysext status --json=short</c> reports.</summary>
    public static async Task<SysextStatus> SysextStatusAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return SysextStatus.Parse(await machine.SucceedAsync("systemd-sysext status --json=short --no-pager", cancellationToken: cancellationToken));
    }
}
