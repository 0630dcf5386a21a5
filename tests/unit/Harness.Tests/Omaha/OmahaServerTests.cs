using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Harness.Omaha;

namespace Harness.Tests.Omaha;

public sealed class OmahaServerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omaha-tests-").FullName;
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task An_older_client_is_offered_the_payload_with_the_size_and_hashes_update_engine_checks()
    {
        var (path, bytes) = WritePayload("update.payload", 300_000);
        await using var server = await StartAsync(new OmahaServerOptions { Package = await OmahaPackage.FromFileAsync(path, "1.0.1") });

        var response = await CheckAsync(server, OmahaSamples.UpdateCheck(version: "1.0.0"));

        var updateCheck = response.Descendants("updatecheck").Single();
        Assert.Equal("ok", (string?)updateCheck.Attribute("status"));
        Assert.Equal($"http://127.0.0.1:{server.Port}/packages/", (string?)updateCheck.Descendants("url").Single().Attribute("codebase"));
        Assert.Equal("1.0.1", (string?)updateCheck.Descendants("manifest").Single().Attribute("version"));
        var package = updateCheck.Descendants("package").Single();
        Assert.Equal("update.payload", (string?)package.Attribute("name"));
        Assert.Equal("300000", (string?)package.Attribute("size"));
#pragma warning disable CA5350 // the Omaha protocol's package hash is SHA-1; the client verifies the SHA-256
        Assert.Equal(Convert.ToBase64String(SHA1.HashData(bytes)), (string?)package.Attribute("hash"));
#pragma warning restore CA5350
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (string?)package.Attribute("hash_sha256"));
        var action = updateCheck.Descendants("action").Single();
        Assert.Equal("postinstall", (string?)action.Attribute("event"));
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(bytes)), (string?)action.Attribute("sha256"));
        Assert.Equal("update 1.0.1", server.Exchanges.Single().Answer);
    }

    [Fact]
    public async Task The_payload_is_served_byte_for_byte_and_each_download_is_recorded()
    {
        var (path, bytes) = WritePayload("flatcar_test_update.gz", 2_500_000);
        await using var server = await StartAsync(new OmahaServerOptions { Package = await OmahaPackage.FromFileAsync(path, "1.0.1") });

        var served = await _http.GetByteArrayAsync(new Uri($"http://127.0.0.1:{server.Port}/packages/flatcar_test_update.gz"));

        Assert.Equal(bytes, served);
        Assert.Equal(["flatcar_test_update.gz"], server.Downloads);
        using var missing = await _http.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/packages/other.gz"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Corruption_in_transit_flips_one_byte_but_announces_the_true_hash()
    {
        var (path, bytes) = WritePayload("update.payload", 100_000);
        await using var server = await StartAsync(new OmahaServerOptions
        {
            Package = await OmahaPackage.FromFileAsync(path, "1.0.1"),
            CorruptPayloadInTransit = true,
        });

        var response = await CheckAsync(server, OmahaSamples.UpdateCheck());
        var served = await _http.GetByteArrayAsync(new Uri($"http://127.0.0.1:{server.Port}/packages/update.payload"));

        Assert.Equal(Convert.ToBase64String(SHA256.HashData(bytes)), (string?)response.Descendants("action").Single().Attribute("sha256"));
        Assert.Equal(bytes.Length, served.Length);
        Assert.Single(Enumerable.Range(0, bytes.Length), i => bytes[i] != served[i]);
    }

    [Theory]
    [InlineData("1.0.1", OmahaOffer.WhenNewer, "developer", "noupdate (client runs 1.0.1, payload is 1.0.1)")]
    [InlineData("1.0.2", OmahaOffer.WhenNewer, "developer", "noupdate (client runs 1.0.2, payload is 1.0.1)")]
    [InlineData("1.0.1", OmahaOffer.Always, "developer", "update 1.0.1")]
    [InlineData("1.0.0", OmahaOffer.Never, "developer", "noupdate (updates are switched off)")]
    [InlineData("1.0.0", OmahaOffer.WhenNewer, "stable", "noupdate (group 'stable' is not 'developer')")]
    public async Task The_offer_follows_version_policy_and_group(string clientVersion, OmahaOffer offer, string track, string answer)
    {
        var (path, _) = WritePayload("update.payload", 1000);
        await using var server = await StartAsync(new OmahaServerOptions
        {
            Package = await OmahaPackage.FromFileAsync(path, "1.0.1"),
            Offer = offer,
            Track = "developer",
        });

        var response = await CheckAsync(server, OmahaSamples.UpdateCheck(clientVersion, track));

        Assert.Equal(answer, server.Exchanges.Single().Answer);
        Assert.Equal(answer.StartsWith("update", StringComparison.Ordinal) ? "ok" : "noupdate",
            (string?)response.Descendants("updatecheck").Single().Attribute("status"));
    }

    [Fact]
    public async Task Without_a_payload_every_check_gets_noupdate_and_reconfiguring_changes_the_answer()
    {
        var (path, _) = WritePayload("update.payload", 1000);
        await using var server = await StartAsync(new OmahaServerOptions());

        await CheckAsync(server, OmahaSamples.UpdateCheck());
        await server.ReconfigureAsync(new OmahaServerOptions { Package = await OmahaPackage.FromFileAsync(path, "1.0.1") });
        await CheckAsync(server, OmahaSamples.UpdateCheck());

        Assert.Equal(["noupdate (no payload configured)", "update 1.0.1"], server.Exchanges.Select(e => e.Answer));
    }

    [Fact]
    public async Task Events_are_recorded_in_order_and_can_be_awaited()
    {
        await using var server = await StartAsync(new OmahaServerOptions());

        await CheckAsync(server, OmahaSamples.UpdateCheck());
        await CheckAsync(server, OmahaSamples.Read("events-only.xml"));

        Assert.Equal([new OmahaEvent(3, 2, null, "0.9.0"), new OmahaEvent(3, 0, 10, null)], server.Events);
        var failure = await server.WaitForEventAsync("an error report", e => e.Result == OmahaEvent.ResultError, TimeSpan.FromSeconds(5));
        Assert.Equal(10, failure.ErrorCode);
        Assert.Equal("events acknowledged", server.Exchanges[1].Answer);
    }

    [Fact]
    public async Task Check_reports_and_progress_events_are_told_apart()
    {
        await using var server = await StartAsync(new OmahaServerOptions());

        await CheckAsync(server, OmahaSamples.Read("update-check-fresh.xml"));
        await CheckAsync(server, OmahaSamples.Read("event-operation-hash-test-server.xml"));
        await CheckAsync(server, OmahaSamples.Read("update-check-later.xml"));

        Assert.Equal([new OmahaEvent(3, 2, null, "0.0.0.0"), new OmahaEvent(3, 2, null, "")], server.CheckReports);
        Assert.Equal([new OmahaEvent(3, 0, 268435485, null)], server.ProgressEvents);
    }

    [Fact]
    public async Task A_resumed_download_gets_the_rest_with_206_and_Content_Range()
    {
        var (path, bytes) = WritePayload("flatcar_test_update.gz", 1_500_000);
        await using var server = await StartAsync(new OmahaServerOptions { Package = await OmahaPackage.FromFileAsync(path, "1.0.1") });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{server.Port}/packages/flatcar_test_update.gz"));
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(1_000_000, null);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 1000000-1499999/1500000", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(bytes[1_000_000..], await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=0-", 0L, 999L)]
    [InlineData("bytes=10-19", 10L, 19L)]
    [InlineData("bytes=990-5000", 990L, 999L)]
    [InlineData("bytes=-100", 900L, 999L)]
    public void Byte_ranges_are_read_within_the_file(string header, long start, long end)
    {
        Assert.Equal((start, end), OmahaServer.ByteRange(header, 1000));
    }

    [Theory]
    [InlineData("bytes=1000-")]
    [InlineData("bytes=20-10")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-1")]
    public async Task An_unsatisfiable_range_gets_416(string header)
    {
        var (path, _) = WritePayload("update.payload", 1000);
        await using var server = await StartAsync(new OmahaServerOptions { Package = await OmahaPackage.FromFileAsync(path, "1.0.1") });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{server.Port}/packages/update.payload"));
        request.Headers.TryAddWithoutValidation("Range", header);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */1000", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Extra_packages_are_announced_with_size_and_sha256_and_served_by_name()
    {
        // flatcar-postinst (update_engine) downloads oem-<ID>.gz and flatcar-<NAME>.gz named in the response
        var (path, _) = WritePayload("flatcar_test_update.gz", 5000);
        var (oemPath, oemBytes) = WritePayload("oem-qemu.gz", 3000);
        var (sysextPath, sysextBytes) = WritePayload("flatcar-podman.gz", 2000);
        await using var server = await StartAsync(new OmahaServerOptions
        {
            Package = await OmahaPackage.FromFileAsync(path, "1.0.1"),
            ExtraPackages = [await OmahaPackage.FromFileAsync(oemPath, "1.0.1"), await OmahaPackage.FromFileAsync(sysextPath, "1.0.1")],
        });

        var response = await CheckAsync(server, OmahaSamples.UpdateCheck());
        var packages = response.Descendants("package").ToList();
        var oem = await _http.GetByteArrayAsync(new Uri($"http://127.0.0.1:{server.Port}/packages/oem-qemu.gz"));
        var sysext = await _http.GetByteArrayAsync(new Uri($"http://127.0.0.1:{server.Port}/packages/flatcar-podman.gz"));

        Assert.Equal(["flatcar_test_update.gz", "oem-qemu.gz", "flatcar-podman.gz"], packages.Select(p => (string?)p.Attribute("name")));
        Assert.Equal(["5000", "3000", "2000"], packages.Select(p => (string?)p.Attribute("size")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(oemBytes)), (string?)packages[1].Attribute("hash_sha256"));
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(path))), (string?)response.Descendants("action").Single().Attribute("sha256"));
        Assert.Equal(oemBytes, oem);
        Assert.Equal(sysextBytes, sysext);
        Assert.Equal(["oem-qemu.gz", "flatcar-podman.gz"], server.Downloads);
    }

    [Fact]
    public async Task Malformed_XML_gets_400_is_recorded_and_the_server_keeps_serving()
    {
        await using var server = await StartAsync(new OmahaServerOptions());

        using var bad = await PostAsync(server, "<request protocol=\"3.0\"><app appid=");
        var good = await CheckAsync(server, OmahaSamples.UpdateCheck());

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("malformed XML", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("rejected: malformed XML", server.Exchanges[0].Answer, StringComparison.Ordinal);
        Assert.Null(server.Exchanges[0].Request);
        Assert.Equal("noupdate", (string?)good.Descendants("updatecheck").Single().Attribute("status"));
    }

    [Fact]
    public async Task A_missing_payload_is_refused_before_anything_listens()
    {
        var missing = Path.Combine(_folder, "nope.payload");

        var error = await Assert.ThrowsAsync<OmahaConfigurationException>(() => StartAsync(new OmahaServerOptions
        {
            Package = OmahaPackage.Declare(missing, "1.0.1", 10, new string('0', 64)),
        }));

        Assert.Equal($"update payload {missing} does not exist; build it (images/contract/build --version N+1 --link next) or set HARNESS_UPDATE_PAYLOAD", error.Message);
    }

    [Fact]
    public async Task A_payload_whose_size_differs_from_what_the_server_was_told_is_refused()
    {
        var (path, bytes) = WritePayload("update.payload", 1000);

        var error = await Assert.ThrowsAsync<OmahaConfigurationException>(() => StartAsync(new OmahaServerOptions
        {
            Package = OmahaPackage.Declare(path, "1.0.1", 999, Convert.ToHexStringLower(SHA256.HashData(bytes))),
        }));

        Assert.Equal($"update payload {path}: size is 1000 bytes but the server was told 999; rebuild the payload or fix the declared size", error.Message);
    }

    [Fact]
    public async Task A_payload_whose_hash_differs_from_what_the_server_was_told_is_refused()
    {
        var (path, _) = WritePayload("update.payload", 1000);
        var told = new string('a', 64);

        var error = await Assert.ThrowsAsync<OmahaConfigurationException>(() => StartAsync(new OmahaServerOptions
        {
            Package = OmahaPackage.Declare(path, "1.0.1", 1000, told),
        }));

        Assert.Contains($"but the server was told {told}; the file is corrupt or the declared hash is stale", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [SkippableFact]
    public async Task It_listens_on_loopback_only()
    {
        await using var server = await StartAsync(new OmahaServerOptions());
        var outside = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Skip.If(outside is null, "this host has no non-loopback IPv4 address to try");

        using var client = new TcpClient();
        var error = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(outside!, server.Port));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    private static Task<OmahaServer> StartAsync(OmahaServerOptions options) => OmahaServer.StartAsync(options);

    private (string Path, byte[] Bytes) WritePayload(string name, int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return (path, bytes);
    }

    private Task<HttpResponseMessage> PostAsync(OmahaServer server, string body) =>
        _http.PostAsync(server.UpdateUrl("127.0.0.1"), new StringContent(body, Encoding.UTF8, "text/xml"));

    private async Task<XElement> CheckAsync(OmahaServer server, string body)
    {
        using var response = await PostAsync(server, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XElement.Parse(await response.Content.ReadAsStringAsync());
    }
}
