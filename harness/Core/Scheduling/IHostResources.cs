namespace Harness.Scheduling;

/// <summary>Reads what the host has; faked in tests.</summary>
public interface IHostResources
{
    /// <summary>Memory available for new processes in MiB (<c>MemAvailable</c> of <c>/proc/meminfo</c>), or null when unknown.</summary>
    long? AvailableMemoryMiB();

    /// <summary>Logical processors this process may use.</summary>
    int ProcessorCount { get; }
}
