using Harness.Xunit;

namespace Harness.Tests.Xunit;

public sealed class UpdatePayloadsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-payloads-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_extensions_flatcar_postinst_downloads_are_taken_from_beside_the_payload()
    {
        // a Flatcar release folder: the test payload with the OEM and an optional extension, and files that are neither
        var payload = Write("flatcar_test_update.gz", "payload");
        Write("oem-qemu.gz", "oem");
        Write("flatcar-podman.gz", "podman");
        Write("flatcar_production_update.gz", "other payload");
        Write("oem-qemu.gz.sha256", "digest");

        var extensions = await UpdatePayloads.ExtensionsBesideAsync(payload, "4459.2.1");

        Assert.Equal(["flatcar-podman.gz", "oem-qemu.gz"], extensions.Select(p => p.Name));
        var oem = extensions.Single(p => p.Name == "oem-qemu.gz");
        Assert.Equal(3, oem.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("oem"u8)), oem.Sha256Hex);
        Assert.Equal("4459.2.1", oem.Version);
    }

    [Fact]
    public async Task A_payload_without_extensions_beside_it_has_none()
    {
        Assert.Empty(await UpdatePayloads.ExtensionsBesideAsync(Write("update.payload", "contract payload"), "1.0.1"));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
