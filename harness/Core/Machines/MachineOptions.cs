namespace Harness.Machines;

/// <summary>Size of a machine. Immutable; use <c>with</c> to change.</summary>
public sealed record MachineOptions
{
    /// <summary>Memory in MiB. Default 1024.</summary>
    public int MemoryMiB { get; init; } = 1024;

    /// <summary>
    /// Virtual CPUs. Default 1: under emulation (QEMU TCG) every virtual CPU keeps a host core busy and the scheduler
    /// admits one per core, so one each lets two machines run at once on a two-core host. Ask for more where the
    /// guest needs them (kubeadm's preflight wants 2).
    /// </summary>
    public int Cpus { get; init; } = 1;

    /// <summary>Extra empty disks. Default none.</summary>
    public IReadOnlyList<DiskSpec> ExtraDisks { get; init; } = [];

    /// <summary>The defaults: 1 GiB, 1 vCPU, no extra disks.</summary>
    public static MachineOptions Default { get; } = new();
}
