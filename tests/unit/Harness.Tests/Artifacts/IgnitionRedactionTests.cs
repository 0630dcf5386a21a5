using System.Text.Json;
using Harness.Artifacts;
using Harness.Ignition;

namespace Harness.Tests.Artifacts;

public sealed class IgnitionRedactionTests
{
    private static readonly SecretScan Scan = new([]);

    [Fact]
    public void Password_hashes_and_secret_files_become_redacted_and_the_copy_stays_a_valid_config()
    {
        var config = IgnitionConfig.Empty
            .WithUser(new IgnitionUser("core") { PasswordHash = SecretSamples.Sha512Hash })
            .WithUser(new IgnitionUser("admin") { PasswordHash = SecretSamples.YescryptHash })
            .WithFile("/home/core/.ssh/id_ed25519", SecretSamples.OpenSshPrivateKey)
            .WithFile("/etc/hostname", "node1\n");

        var reported = IgnitionRedaction.Redact(config.ToJson(), Scan);

        Assert.Empty(Scan.ScanText(reported, "ignition.json"));
        var parsed = IgnitionConfig.Parse(reported);
        Assert.All(parsed.Users, u => Assert.Equal("<redacted>", u.PasswordHash));
        var key = Assert.Single(parsed.Files, f => f.Path == "/home/core/.ssh/id_ed25519");
        Assert.Equal(("data:,%3Credacted%3E", null), (key.Contents!.Source, key.Contents.Compression));
        Assert.Equal(config.Files.Single(f => f.Path == "/etc/hostname"), parsed.Files.Single(f => f.Path == "/etc/hostname"));
        Assert.Contains("\"passwordHash\": \"<redacted>\"", reported, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_compressed_secret_file_loses_its_compression_with_its_contents()
    {
        var gzipped = SecretSamples.DataUrls(SecretSamples.RsaPrivateKey).Last();
        var json = $$$"""{"ignition":{"version":"3.3.0"},"storage":{"files":[{"path":"/root/key","contents":{"compression":"gzip","source":"{{{gzipped}}}"}}]}}""";

        var reported = IgnitionRedaction.Redact(json, Scan);

        var contents = JsonDocument.Parse(reported).RootElement.GetProperty("storage").GetProperty("files")[0].GetProperty("contents");
        Assert.False(contents.TryGetProperty("compression", out _));
        Assert.Equal("data:,%3Credacted%3E", contents.GetProperty("source").GetString());
    }

    [Fact]
    public void A_config_without_secrets_is_left_byte_for_byte()
    {
        var json = IgnitionConfig.Empty.WithFile("/etc/motd", "hello\n").ToJson();

        Assert.Same(json, IgnitionRedaction.Redact(json, Scan));
    }

    [Fact]
    public void A_config_that_is_not_JSON_is_redacted_as_text()
    {
        var broken = $$"""{"ignition": {"version": "3.3.0"}, "passwd": {"users": [{"name": "core", "passwordHash": "{{SecretSamples.Sha512Hash}}" """;

        var reported = IgnitionRedaction.Redact(broken, Scan);

        Assert.Empty(Scan.ScanText(reported, "ignition.json"));
        Assert.StartsWith("""{"ignition": {"version": "3.3.0"}""", reported, StringComparison.Ordinal);
    }
}
