using System.Text.Json;
using Harness.Releases;
using ICSharpCode.SharpZipLib.BZip2;

namespace Harness.Tests.Releases;

/// <summary>
/// <c>harness fetch</c> against an offline release tree signed with keys made at test time: the happy path with cache
/// reuse, and every bad input ending in one line, exit code 2 and no verified cache entry.
/// </summary>
public sealed class ReleaseFetchTests : IAsyncLifetime
{
    private const string Version = "4459.2.4";
    private const string Image = "flatcar_production_qemu_uefi_image.img";
    private const string Compressed = Image + ".bz2";
    private const string Code = "flatcar_production_qemu_uefi_efi_code.qcow2";
    private const string Vars = "flatcar_production_qemu_uefi_efi_vars.qcow2";
    private const string Payload = "flatcar_test_update.gz";

    private static readonly TestSigningKeys Keys = TestSigningKeys.Instance;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly string _dir = Directory.CreateTempSubdirectory("harness-fetch-").FullName;
    private readonly byte[] _image = Bytes(300_000, 1);
    private readonly Dictionary<string, byte[]> _files = [];
    private FakeReleaseServer _server = null!;

    private string Cache => Path.Combine(_dir, "cache");

    private string Release => Path.Combine(Cache, "stable", "amd64", Version);

    public async Task InitializeAsync()
    {
        _server = await FakeReleaseServer.StartAsync();
        _files[Compressed] = Bzip2(_image);
        _files[Code] = Bytes(4_000, 2);
        _files[Vars] = Bytes(2_000, 3);
        _files[Payload] = Bytes(5_000, 4);
        await File.WriteAllBytesAsync(Path.Combine(_dir, "key.asc"), Keys.KeyFile);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Fetches_verifies_caches_and_prints_the_settings_then_reuses_the_verified_cache()
    {
        PublishSignedBy(Keys.Good);

        var first = await FetchAsync();

        Succeeded(first);
        Assert.Equal(_image, await File.ReadAllBytesAsync(Path.Combine(Release, Image)));
        Assert.Equal(
        [
            $"export HARNESS_IMAGE={Path.Combine(Release, Image)}",
            $"export HARNESS_FIRMWARE_CODE={Path.Combine(Release, Code)}",
            $"export HARNESS_FIRMWARE_VARS={Path.Combine(Release, Vars)}",
            $"export HARNESS_IMAGE_VERSION={Version}",
            "export HARNESS_CHANNEL=stable",
        ], first.Output.Where(l => l.StartsWith("export", StringComparison.Ordinal)));
        var manifest = Manifest();
        Assert.Equal(Version, manifest.GetProperty("version").GetString());
        Assert.Equal(Keys.Fingerprint, manifest.GetProperty("fingerprint").GetString());
        Assert.All(manifest.GetProperty("files").EnumerateArray(), f => Assert.Equal(TestSigningKeys.Id(Keys.Good), f.GetProperty("signer").GetString()));
        Assert.Contains(first.Log, l => l.Contains("not published, skipped", StringComparison.Ordinal) && l.Contains("oem-qemu.gz", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(Release)!), p => p.EndsWith(".partial", StringComparison.Ordinal));

        var second = await FetchAsync();

        Succeeded(second);
        Assert.Contains(second.Log, l => l.Contains("is cached and its manifest verifies", StringComparison.Ordinal));
        Assert.Equal(1, _server.Gets($"/amd64-usr/{Version}/{Compressed}"));
        Assert.Equal(first.Output, second.Output);
    }

    [Fact]
    public async Task A_cached_file_changed_after_verification_is_fetched_again()
    {
        PublishSignedBy(Keys.Good);
        Succeeded((await FetchAsync()));
        await File.WriteAllBytesAsync(Path.Combine(Release, Code), Bytes(4_000, 99));

        var again = await FetchAsync();

        Succeeded(again);
        Assert.Contains(again.Log, l => l.StartsWith($"discarding {Release}:", StringComparison.Ordinal));
        Assert.Equal(_files[Code], await File.ReadAllBytesAsync(Path.Combine(Release, Code)));
    }

    [Fact]
    public async Task A_signature_made_while_a_since_expired_subkey_was_valid_is_good()
    {
        // Flatcar's subkeys expire yearly; releases signed before that stay verifiable.
        PublishSignedBy(Keys.Expired, Keys.Now.AddDays(-25));

        var result = await FetchAsync();

        Succeeded(result);
        Assert.All(Manifest().GetProperty("files").EnumerateArray(), f => Assert.Equal(TestSigningKeys.Id(Keys.Expired), f.GetProperty("signer").GetString()));
    }

    [Fact]
    public async Task A_tampered_byte_is_rejected()
    {
        PublishSignedBy(Keys.Good);
        var tampered = (byte[])_files[Compressed].Clone();
        tampered[tampered.Length / 2] ^= 0x01;
        _server.Put($"amd64-usr/{Version}/{Compressed}", tampered);

        await AssertRejectedAsync($"{Url(Compressed)}: the signature {Url(Compressed)}.sig (subkey {TestSigningKeys.Id(Keys.Good)}) does not match its content (tampered or corrupted)");
    }

    [Fact]
    public async Task A_signature_by_another_key_is_rejected()
    {
        PublishSignedBy(Keys.Other);

        await AssertRejectedAsync($"{Url(Compressed)}.sig: made by key {TestSigningKeys.Id(Keys.Other)}, which is not the pinned key {Keys.Fingerprint} or one of its subkeys");
    }

    [Fact]
    public async Task Pinning_the_other_keys_fingerprint_rejects_this_keys_signatures()
    {
        PublishSignedBy(Keys.Good);

        await AssertRejectedAsync(
            $"{Url(Compressed)}.sig: made by key {TestSigningKeys.Id(Keys.Good)}, which is not the pinned key {Keys.OtherFingerprint} or one of its subkeys",
            fingerprint: Keys.OtherFingerprint);
    }

    [Fact]
    public async Task A_key_file_without_the_pinned_fingerprint_is_rejected()
    {
        PublishSignedBy(Keys.Good);

        await AssertRejectedAsync(
            $"{Path.Combine(_dir, "key.asc")}: no key with the pinned fingerprint {FlatcarReleases.SigningKeyFingerprint} (the file holds {Keys.Fingerprint}, {Keys.OtherFingerprint})",
            fingerprint: FlatcarReleases.SigningKeyFingerprint);
    }

    [Fact]
    public async Task A_signature_made_after_its_subkey_expired_is_rejected()
    {
        PublishSignedBy(Keys.Expired, Keys.Now);

        var result = await AssertRejectedAsync(null);

        Assert.StartsWith($"harness: {Url(Compressed)}.sig: made on {Keys.Now.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z by subkey {TestSigningKeys.Id(Keys.Expired)}, which had expired on ", result.Log[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_subkey_is_rejected()
    {
        PublishSignedBy(Keys.Revoked, Keys.Now.AddDays(-20));

        await AssertRejectedAsync($"{Url(Compressed)}.sig: made by subkey {TestSigningKeys.Id(Keys.Revoked)}, which the pinned key {Keys.Fingerprint} revoked on {Keys.Now.AddDays(-5).UtcDateTime:yyyy-MM-dd}");
    }

    [Fact]
    public async Task A_subkey_without_its_own_back_signature_is_rejected()
    {
        // anyone can bind a stranger's signing key to their primary; only the subkey's own signature proves it agreed
        PublishSignedBy(Keys.NotBackSigned);

        await AssertRejectedAsync($"{Url(Compressed)}.sig: made by subkey {TestSigningKeys.Id(Keys.NotBackSigned)}, which has no valid back-signature (primary-key binding) of its own");
    }

    [Fact]
    public async Task A_missing_signature_is_rejected()
    {
        PublishSignedBy(Keys.Good);
        _server.Remove($"amd64-usr/{Version}/{Code}.sig");

        await AssertRejectedAsync($"{Url(Code)}.sig: missing signature (HTTP 404); refusing the unsigned {Code}");
    }

    [Fact]
    public async Task A_digests_mismatch_is_rejected()
    {
        PublishSignedBy(Keys.Good);
        _server.Put($"amd64-usr/{Version}/{Vars}.DIGESTS", System.Text.Encoding.UTF8.GetBytes(FakeReleaseServer.Digests(Vars, Bytes(2_000, 42))));

        var result = await AssertRejectedAsync(null);

        Assert.Matches($"^harness: {Regex(Url(Vars))}: SHA-512 [0-9a-f]{{16}}… does not match {Regex(Url(Vars))}\\.DIGESTS \\([0-9a-f]{{16}}…\\)$", result.Log[^1]);
    }

    [Fact]
    public async Task A_truncated_download_resumes_where_it_stopped()
    {
        PublishSignedBy(Keys.Good);
        _server.Truncate($"amd64-usr/{Version}/{Compressed}", times: 1);

        var result = await FetchAsync();

        Succeeded(result);
        var resumed = Assert.Single(_server.RangeRequests, r => r.Path.EndsWith(Compressed, StringComparison.Ordinal));
        Assert.InRange(resumed.From, 1, (_files[Compressed].Length / 2) + 1); // what arrived before the connection dropped
        Assert.Equal(_image, await File.ReadAllBytesAsync(Path.Combine(Release, Image)));
    }

    [Fact]
    public async Task A_download_that_stays_truncated_fails_and_keeps_only_the_resumable_part()
    {
        PublishSignedBy(Keys.Good);
        _server.Truncate($"amd64-usr/{Version}/{Code}", times: 100);

        var result = await AssertRejectedAsync(null);

        Assert.True(result.Log[^1].Contains("download truncated", StringComparison.Ordinal), string.Join("\n", result.Log));
        Assert.Matches($"^harness: {Regex(Url(Code))}: download truncated at \\d+ of {_files[Code].Length} bytes( \\([^)]*\\))? \\(after 3 attempts\\)$", result.Log[^1]);
        var staging = Path.Combine(Cache, "stable", "amd64", $".{Version}.partial");
        Assert.Equal([Code + ".part"], Directory.GetFiles(staging).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_unpublished_version_is_a_404()
    {
        PublishSignedBy(Keys.Good);

        var result = await AssertRejectedAsync($"{Url(Compressed, "9999.0.0")} or {Url(Image, "9999.0.0")}: not found (HTTP 404)", version: "9999.0.0");

        Assert.False(Directory.Exists(Path.Combine(Cache, "stable", "amd64", "9999.0.0")));
    }

    [Fact]
    public async Task An_unknown_channel_is_rejected_before_any_request()
    {
        var result = await AssertRejectedAsync("--channel 'edge': unknown; expected alpha, beta, stable, lts", channel: "edge");

        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task An_unknown_arch_is_rejected()
    {
        await AssertRejectedAsync("--arch 'riscv': unknown; expected amd64, arm64", arch: "riscv");
    }

    [Fact]
    public async Task Lts_current_follows_the_newest_supported_stream_of_lts_info()
    {
        _server.Put("lts-info", "2605:2021:unsupported\n3510:2023:supported\n4081:2024:supported\n"u8.ToArray());
        _server.Publish("amd64", "4081.3.6", _files, Keys.Good, Keys.Now, stream: "current-2024");

        var result = await FetchAsync(channel: "lts");

        Succeeded(result);
        Assert.Contains("export HARNESS_IMAGE_VERSION=4081.3.6", result.Output);
        Assert.Contains("export HARNESS_CHANNEL=lts", result.Output);
    }

    /// <summary>Exit 0; otherwise the failure shows the log.</summary>
    private static void Succeeded((int Exit, string[] Output, string[] Log) result) =>
        Assert.True(result.Exit == 0, $"exit {result.Exit}:\n{string.Join('\n', result.Log)}");

    private void PublishSignedBy(Org.BouncyCastle.Bcpg.OpenPgp.PgpKeyPair signer, DateTimeOffset? at = null) =>
        _server.Publish("amd64", Version, _files, signer, at ?? Keys.Now);

    private string Url(string name, string version = Version) => new Uri(_server.BaseUrl, $"amd64-usr/{version}/{name}").AbsoluteUri;

    private JsonElement Manifest() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Release, ReleaseManifest.FileName))).RootElement;

    /// <summary>Exit 2, one <c>harness:</c> line (the expected one when given) as the last log line, and no verified release anywhere in the cache.</summary>
    private async Task<(int Exit, string[] Output, string[] Log)> AssertRejectedAsync(string? expected, string? fingerprint = null, string version = "current", string channel = "stable", string arch = "amd64")
    {
        var result = await FetchAsync(fingerprint, version, channel, arch);
        Assert.Equal(2, result.Exit);
        Assert.True(result.Log.Count(l => l.StartsWith("harness:", StringComparison.Ordinal)) == 1, string.Join('\n', result.Log));
        if (expected is not null)
        {
            Assert.Equal($"harness: {expected}", result.Log[^1]);
        }

        Assert.DoesNotContain(result.Output, l => l.StartsWith("export", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Release), $"{Release} exists after a failed fetch");
        Assert.Empty(Directory.Exists(Cache) ? Directory.GetFiles(Cache, ReleaseManifest.FileName, SearchOption.AllDirectories) : []);
        Assert.Empty(Directory.Exists(Cache) ? Directory.GetFiles(Cache, Image, SearchOption.AllDirectories) : []);
        return result;
    }

    private async Task<(int Exit, string[] Output, string[] Log)> FetchAsync(string? fingerprint = null, string version = "current", string channel = "stable", string arch = "amd64")
    {
        var output = new StringWriter();
        var log = new StringWriter();
        var exit = await FetchRunner.RunAsync(
            new ReleaseRequest
            {
                Channel = channel,
                Arch = arch,
                Version = version,
                BaseUrl = _server.BaseUrl,
                CacheRoot = Cache,
                KeyFile = Path.Combine(_dir, "key.asc"),
                TrustFingerprint = fingerprint ?? Keys.Fingerprint,
                Retries = 2,
                RetryDelay = TimeSpan.FromMilliseconds(10),
            },
            output,
            log,
            Http);
        return (exit, Lines(output), Lines(log));
    }

    private static string[] Lines(StringWriter writer) => writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Bzip2(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var bzip = new BZip2OutputStream(buffer) { IsStreamOwner = false })
        {
            bzip.Write(data);
        }

        return buffer.ToArray();
    }
}
