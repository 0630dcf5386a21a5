using System.Globalization;

namespace Harness.Scheduling;

/// <summary>
/// How many machines may run at once, and how much guest memory they may use together.
/// </summary>
/// <param name="MaxMachines">Machines at once.</param>
/// <param name="MemoryBudgetMiB">Guest memory plus per-machine overhead, summed over running machines, may not exceed this.</param>
/// <param name="PerMachineOverheadMiB">Added to every machine's memory for the VM process itself.</param>
/// <param name="Explanation">Where the numbers come from, for logs and error messages.</param>
public sealed record SchedulerLimits(int MaxMachines, long MemoryBudgetMiB, int PerMachineOverheadMiB, string Explanation)
{
    /// <summary>Memory kept free for the host (the harness, build tools, page cache). 2 GiB.</summary>
    public const long DefaultReserveMiB = 2048;

    /// <summary>
    /// Most virtual CPUs of running machines at once, or null for no limit. Under software emulation each virtual CPU
    /// is a busy host thread, so the default is one per core; a machine that would run alone is always admitted.
    /// </summary>
    public int? VirtualCpuBudget { get; init; }

    /// <summary>
    /// True when <see cref="MaxMachines"/> was derived from the host (not set by <c>HARNESS_PARALLEL</c>): a cluster with
    /// more machines than that then still runs, alone (nothing else running), instead of never. Under emulation its
    /// machines boot one after another, and booted guests are mostly idle, so the per-core cap would only forbid it.
    /// The memory budget stays a hard limit. Default false.
    /// </summary>
    public bool SoftMachineCap { get; init; }

    /// <summary>Memory a VM process needs beyond its guest RAM (QEMU, TCG translation cache). 256 MiB.</summary>
    public const int DefaultOverheadMiB = 256;

    /// <summary>
    /// Computes limits for this host. Memory: <c>MemAvailable</c> at start minus <paramref name="reserveMiB"/>.
    /// Machines: <paramref name="parallel"/> (<c>HARNESS_PARALLEL</c>) when given; otherwise one per core under
    /// software emulation (TCG keeps a core busy per vCPU thread), two per core with hardware acceleration
    /// (guests are mostly idle and memory is the real limit). The memory budget applies either way.
    /// </summary>
    public static SchedulerLimits Compute(IHostResources host, int? parallel, bool accelerated, long reserveMiB = DefaultReserveMiB, int overheadMiB = DefaultOverheadMiB)
    {
        ArgumentNullException.ThrowIfNull(host);
        var cores = Math.Max(1, host.ProcessorCount);
        var available = host.AvailableMemoryMiB();
        var fallback = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        var memory = available ?? fallback;
        var budget = Math.Max(0, memory - reserveMiB);

        int machines;
        string why;
        if (parallel is { } p)
        {
            machines = p;
            why = $"HARNESS_PARALLEL={p}";
        }
        else
        {
            machines = accelerated ? 2 * cores : cores;
            why = accelerated
                ? $"{cores} cores × 2 (hardware acceleration)"
                : $"{cores} cores (software emulation: one machine and one virtual CPU per core; oversubscribed TCG guests report soft lockups)";
        }

        var source = available is null ? "total memory (no MemAvailable)" : "MemAvailable";
        return new SchedulerLimits(
            Math.Max(1, machines),
            budget,
            overheadMiB,
            string.Create(CultureInfo.InvariantCulture, $"up to {Math.Max(1, machines)} machines ({why}), {budget} MiB memory budget ({source} {memory} MiB − {reserveMiB} MiB reserve, {overheadMiB} MiB overhead per machine)"))
        {
            VirtualCpuBudget = accelerated || parallel is not null ? null : cores,
            SoftMachineCap = parallel is null,
        };
    }
}
