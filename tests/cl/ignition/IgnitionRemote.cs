using System.Security.Cryptography;
using Harness.Ignition;
using Harness.Machines;
using Harness.Serving;
using Harness.Xunit;

namespace Tests.Cl.Ignition;

/// <summary>
/// cl.ignition.remote (kola: coreos.ignition.resource.remote, in spirit): at first boot Ignition fetches file contents
/// from an HTTP server, so the initramfs must bring the network up for it. The test serves two files from the host,
/// checks each arrived once, from Ignition, and landed with its mode, verified hash and decompressed contents.
/// </summary>
public sealed class IgnitionRemote
{
    private const string Template = "ignition/remote.bu";
    private const string Plain = "ignition/remote/plain.txt";
    private const string Compressed = "ignition/remote/compressed.txt.gz";

    [OsTest("cl.ignition.remote", Requires = PlatformCapabilities.HostServices, FreshBoot = true)]
    public async Task File_contents_come_over_HTTP_verified_and_decompressed()
    {
        await using var server = await FileServer.StartAsync();
        server.ServeFile("/plain.txt", Assets.Path(Plain), "text/plain");
        server.ServeFile("/compressed.txt.gz", Assets.Path(Compressed), "application/gzip");
        var baseUrl = server.UrlFor(await Session.HostAddressForGuestsAsync(), "/").ToString().TrimEnd('/');
        var plain = await Assets.ReadBytesAsync(Plain);
        var spec = MachineSpec.Default.WithIgnition(ButaneTemplate.TranslateFile(
            Assets.Path(Template),
            new Dictionary<string, string>
            {
                ["BASE_URL"] = baseUrl,
                ["PLAIN_SHA512"] = Convert.ToHexStringLower(SHA512.HashData(plain)),
            }));

        await using var vm = await Session.StartAsync(spec);

        // Each file was fetched once, by Ignition, before the machine came up.
        foreach (var path in new[] { "/plain.txt", "/compressed.txt.gz" })
        {
            var request = Assert.Single(server.RequestsFor(path), r => r.Method == "GET");
            Assert.Equal(200, request.StatusCode);
            Assert.StartsWith("Ignition/", request.UserAgent, StringComparison.Ordinal);
        }

        // The verified file, byte for byte, with its mode.
        Assert.Equal("644 root:root", await vm.OutputAsync("stat -c '%a %U:%G' /etc/kola/remote-plain"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plain)), await vm.OutputAsync("sha256sum < /etc/kola/remote-plain | cut -d' ' -f1"));

        // The gzip file, stored decompressed.
        Assert.Equal("600 root:root", await vm.OutputAsync("sudo stat -c '%a %U:%G' /var/lib/kola/remote-gzip"));
        Assert.Equal("gzip-compressed on the server\nIgnition decompresses it\n", await vm.SucceedAsync("sudo cat /var/lib/kola/remote-gzip"));
    }
}
