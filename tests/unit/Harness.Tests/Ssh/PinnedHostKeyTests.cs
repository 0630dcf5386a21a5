using Harness.Processes;
using Harness.Ssh;

namespace Harness.Tests.Ssh;

public sealed class PinnedHostKeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pinned-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_fingerprint_is_the_one_ssh_keygen_prints()
    {
        var key = await SshKeyPair.GenerateAsync(_dir, "m1 host key", CancellationToken.None);
        var listed = await ProcessRunner.Default.RunAsync(new ProcessSpec("ssh-keygen", ["-l", "-E", "sha256", "-f", key.PrivateKeyPath + ".pub"]), CancellationToken.None);

        var pinned = PinnedHostKey.Parse(key.PublicKey);

        Assert.Equal("ssh-ed25519", pinned.Type);
        Assert.Contains($" SHA256:{pinned.Fingerprint} m1 host key (ED25519)", listed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_same_type_and_bytes_match()
    {
        var pinned = PinnedHostKey.Parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN/R+NutPxYbB8MPKI3JCfGAqzx62W11jDSlzrOpMA/W comment");

        Assert.True(pinned.Matches("ssh-ed25519", [.. pinned.Blob]));
        Assert.False(pinned.Matches("ecdsa-sha2-nistp256", [.. pinned.Blob]));
        Assert.False(pinned.Matches("ssh-ed25519", [.. pinned.Blob[..^1], (byte)(pinned.Blob[^1] ^ 1)]));
    }

    [Theory]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-ed25519 not-base64!")]
    public void A_line_that_is_no_public_key_is_rejected_with_the_line(string line)
    {
        var e = Assert.Throws<ArgumentException>(() => PinnedHostKey.Parse(line));

        Assert.Contains(line, e.Message, StringComparison.Ordinal);
    }
}
