using Harness.Platforms.Qemu;

namespace Harness.Testing;

/// <summary>The contract image for the tests that boot it.</summary>
internal static class ContractImage
{
    /// <summary>
    /// <c>HARNESS_IMAGE</c> when set, else the first <c>artifacts/images/amd64/current/disk.qcow2</c> above the test
    /// binaries; null when there is none.
    /// </summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(QemuOptions.ImageSetting) is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "images", "amd64", "current", "disk.qcow2");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
