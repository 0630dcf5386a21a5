namespace Harness.Machines;

/// <summary>Size of a machine. Immutable; use <c>with</c> to change.</summary>
public sealed record MachineOptions
{
    /// <summary>Memory in MiB. Default 1024.</summary>
    public int MemoryMiB { get; init; } = 1024;

    /// <summary>Virtual CPUs. Default 2.</summary>
    public int Cpus { get; init; } = 2;

    /// <summary>Extra empty disks. Default none.</summary>
    public IReadOnlyList<DiskSpec> ExtraDisks { get; init; } = [];

    /// <summary>The defaults: 1 GiB, 2 vCPUs, no extra disks.</summary>
    public static MachineOptions Default { get; } = new();
}
