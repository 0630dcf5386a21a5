using Harness.Machines;

namespace Harness.Catalog;

/// <summary>What selection needs to know about the platform and image of this run.</summary>
/// <param name="Platform">Platform name (<c>qemu</c>).</param>
/// <param name="Arch">Architecture of the machines.</param>
/// <param name="Capabilities">What the platform can do.</param>
/// <param name="ImageVersion">The image version, or null when unknown (then <c>MinVersion</c> is not enforced).</param>
public sealed record PlatformFacts(string Platform, Arch Arch, PlatformCapabilities Capabilities, DottedVersion? ImageVersion)
{
    /// <summary>Takes name, arch and capabilities from a platform, and the image version from the settings.</summary>
    public static PlatformFacts From(IPlatform platform, string? imageVersion)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return new PlatformFacts(
            platform.Name,
            platform.Arch,
            platform.Capabilities,
            DottedVersion.TryParse(imageVersion, out var v) ? v : null);
    }
}
