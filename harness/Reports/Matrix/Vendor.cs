using Harness.Results;

namespace Harness.Reports;

/// <summary>
/// A column of the matrix: where a run ran. <see cref="Label"/> follows Flatcar's report (<c>qemu_uefi-amd64</c>):
/// our QEMU platform always boots UEFI firmware, so <c>qemu</c> is shown as <c>qemu_uefi</c>; with more than one
/// channel in a report the channel is prefixed (<c>stable/qemu_uefi-amd64</c>).
/// </summary>
/// <param name="Channel">Release channel.</param>
/// <param name="Platform">Platform name as in results.json.</param>
/// <param name="Arch">Architecture.</param>
public sealed record Vendor(string Channel, string Platform, string Arch)
{
    /// <summary>The vendor name without channel (<c>qemu_uefi-amd64</c>).</summary>
    public string Name => $"{(Platform == "qemu" ? "qemu_uefi" : Platform)}-{Arch}";

    /// <summary>The vendor of a run.</summary>
    public static Vendor Of(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Vendor(run.Channel, run.Platform, run.Arch);
    }

    /// <summary>The column label; <paramref name="withChannel"/> when the report spans channels.</summary>
    public string Label(bool withChannel) => withChannel ? $"{Channel}/{Name}" : Name;
}
