using Harness.Machines;

namespace Harness.Scheduling;

/// <summary>What one machine takes from the host while it runs.</summary>
/// <param name="MemoryMiB">Guest memory in MiB (the scheduler adds a per-machine overhead for the VM process).</param>
/// <param name="Cpus">Virtual CPUs.</param>
public sealed record MachineDemand(int MemoryMiB, int Cpus)
{
    /// <summary>The demand of a machine with <paramref name="options"/>.</summary>
    public static MachineDemand From(MachineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MachineDemand(options.MemoryMiB, options.Cpus);
    }
}
