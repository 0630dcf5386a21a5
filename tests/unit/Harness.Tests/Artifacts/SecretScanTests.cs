using Harness.Artifacts;

namespace Harness.Tests.Artifacts;

public sealed class SecretScanTests
{
    private static readonly SecretScan Scan = new([KeyValuePair.Create("GITHUB_TOKEN", SecretSamples.EnvironmentToken)]);

    public static TheoryData<string, string> Secrets => new()
    {
        { SecretSamples.OpenSshPrivateKey, "private key" },
        { SecretSamples.RsaPrivateKey, "private key" },
        { SecretSamples.EcPrivateKey, "private key" },
        { "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "private key" },
        { SecretSamples.GitHubToken, "GitHub token" },
        { SecretSamples.GitHubFineGrainedToken, "GitHub token" },
        { SecretSamples.AzureStorageKey, "Azure storage key" },
        { SecretSamples.AzureSasUrl, "Azure SAS signature" },
        { SecretSamples.Sha512Hash, "password hash" },
        { "$6$" + "saltsalt$" + new string('x', 86), "password hash" },
        { "$1$saltsalt$abcdefghijklmnopqrstuv", "password hash" },
        { SecretSamples.YescryptHash, "password hash" },
        { SecretSamples.BcryptHash, "password hash" },
        { SecretSamples.EnvironmentToken, "the value of GITHUB_TOKEN" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Each_kind_of_secret_is_found_by_line_and_kind_and_never_quoted(string secret, string kind)
    {
        var text = $"line one\nthe test printed: {secret} and went on\nline three\n";

        var finding = Assert.Single(Scan.ScanText(text, "node1/test.log"));

        Assert.Equal(new SecretFinding("node1/test.log", 2, kind), finding);
        Assert.DoesNotContain(secret.Trim(), finding.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Redaction_removes_each_kind_of_secret(string secret, string kind)
    {
        var redacted = Scan.Redact($"before {secret} after");

        Assert.Empty(Scan.ScanText(redacted, "redacted"));
        Assert.Contains(SecretScan.RedactedText, redacted, StringComparison.Ordinal);
        Assert.StartsWith("before ", redacted, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(kind));
    }

    [Fact]
    public void A_key_cut_off_by_an_output_tail_is_redacted_without_the_rest_of_the_document()
    {
        var cutOff = SecretSamples.OpenSshPrivateKey[..80];
        var json = System.Text.Json.JsonSerializer.Serialize(new { message = "tail:\n" + cutOff, next = "kept" });

        var redacted = Scan.Redact(json);

        Assert.Empty(Scan.ScanText(redacted, "results.json"));
        Assert.Equal("kept", System.Text.Json.JsonDocument.Parse(redacted).RootElement.GetProperty("next").GetString());
    }

    [Fact]
    public void A_private_key_in_each_Ignition_data_URL_form_is_found()
    {
        foreach (var url in SecretSamples.DataUrls(SecretSamples.OpenSshPrivateKey))
        {
            var json = $$"""{ "path": "/home/core/.ssh/id_ed25519", "contents": { "source": "{{url}}" } }""";

            Assert.Equal("private key (in a data: URL)", Assert.Single(Scan.ScanText(json, "ignition.json")).Kind);
            Assert.True(Scan.HasSecret(url));
        }
    }

    [Fact]
    public void What_runs_write_without_secrets_is_clean()
    {
        const string text = """
            ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFake harness run 20261207
            -----BEGIN PUBLIC KEY-----
            [    5.012345] systemd[1]: Started sshd.service - OpenSSH per-connection server daemon.
            sha512-cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e
            verity.usrhash=f412ff3becbdf3ba42a2256add7e4020bf9e771c0656d7c4f0e437a871bfda3b
            {"passwordHash": "<redacted>", "source": "data:,%3Credacted%3E"}
            price $6 and $5 in a shell variable $HOME
            """;

        Assert.Empty(Scan.ScanText(text, "console.txt"));
        Assert.Equal(text, Scan.Redact(text));
    }

    [Fact]
    public void A_folder_scan_names_each_file_relative_to_the_folder()
    {
        var folder = Directory.CreateTempSubdirectory("secret-scan-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "cl.basic", "m1"));
            File.WriteAllText(Path.Combine(folder, "cl.basic", "m1", "journal.txt"), "a\nb\n" + SecretSamples.GitHubToken);
            File.WriteAllText(Path.Combine(folder, "results.json"), "{}");

            var finding = Assert.Single(Scan.ScanFolder(folder));

            Assert.Equal($"cl.basic{Path.DirectorySeparatorChar}m1{Path.DirectorySeparatorChar}journal.txt:3: GitHub token", finding.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
