using Harness.Scheduling;

namespace Harness.Tests.Scheduling;

/// <summary>A host with fixed memory and cores.</summary>
internal sealed class FakeHost(long? availableMiB, int cores) : IHostResources
{
    public int ProcessorCount => cores;

    public long? AvailableMemoryMiB() => availableMiB;
}
