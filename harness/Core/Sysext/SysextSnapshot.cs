namespace Harness.Sysext;

/// <summary>
/// The system extensions state of a machine at one moment: what is merged (the overlay's own list and
/// <c>systemd-sysext status</c>), what <c>systemd-sysext list</c> finds, and the mounts stacked on <c>/usr</c>.
/// Flatcar merges its own extensions at every boot (docker-flatcar, containerd-flatcar, the OEM's), so tests
/// take one right after boot and assert on the difference (<see cref="AddedSince"/>, <see cref="RemovedSince"/>),
/// never on a whole list the OS may add to.
/// </summary>
public sealed record SysextSnapshot
{
    /// <summary>Names merged into <c>/usr</c>, from <see cref="SysextMachine.MergedListPath"/> (empty when nothing is merged).</summary>
    public IReadOnlyList<string> Merged { get; init; } = [];

    /// <summary>What <c>systemd-sysext status --json=short</c> said.</summary>
    public SysextStatus Status { get; init; } = new();

    /// <summary>What <c>systemd-sysext list --json=short</c> found.</summary>
    public IReadOnlyList<SysextListEntry> Listed { get; init; } = [];

    /// <summary>The mounts on <c>/usr</c>, bottom first (one when nothing is merged).</summary>
    public IReadOnlyList<UsrMount> UsrMounts { get; init; } = [];

    /// <summary>The bottom mount of <c>/usr</c>: the OS's own (verity) <c>/usr</c>.</summary>
    public UsrMount? BaseUsr => UsrMounts.Count > 0 ? UsrMounts[0] : null;

    /// <summary>Names merged now that were not merged in <paramref name="baseline"/>, sorted.</summary>
    public IReadOnlyList<string> AddedSince(SysextSnapshot baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return [.. Merged.Except(baseline.Merged, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Names merged in <paramref name="baseline"/> that are not merged now, sorted.</summary>
    public IReadOnlyList<string> RemovedSince(SysextSnapshot baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return [.. baseline.Merged.Except(Merged, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The image <c>systemd-sysext list</c> found under <paramref name="name"/>, or null.</summary>
    public SysextListEntry? Find(string name) => Listed.FirstOrDefault(e => e.Name == name);

    /// <summary>Parses <c>findmnt -rn -o SOURCE,FSTYPE /usr</c> (one mount a line, bottom first).</summary>
    /// <exception cref="FormatException">A line does not have two fields.</exception>
    public static IReadOnlyList<UsrMount> ParseUsrMounts(string findmnt)
    {
        ArgumentNullException.ThrowIfNull(findmnt);
        return [.. findmnt.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 2 ? new UsrMount(fields[0], fields[1]) : throw new FormatException($"findmnt printed '{line}', expected SOURCE FSTYPE");
        })];
    }

    /// <summary>Says what differs from <paramref name="baseline"/> in words, for failure messages.</summary>
    public string Describe(SysextSnapshot baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return $"merged now [{string.Join(", ", Merged)}] (added [{string.Join(", ", AddedSince(baseline))}], removed [{string.Join(", ", RemovedSince(baseline))}] since [{string.Join(", ", baseline.Merged)}]); "
            + $"/usr mounts: {string.Join(" | ", UsrMounts.Select(m => $"{m.Source} {m.FsType}"))}";
    }
}
