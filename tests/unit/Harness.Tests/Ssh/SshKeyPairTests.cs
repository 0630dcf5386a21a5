using System.Runtime.Versioning;
using Harness.Ssh;

namespace Harness.Tests.Ssh;

[SupportedOSPlatform("linux")]
public sealed class SshKeyPairTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Generates_an_ed25519_key_pair_readable_only_by_the_owner()
    {
        var pair = await SshKeyPair.GenerateAsync(Path.Combine(_dir, "run"), "harness run r1", CancellationToken.None);

        Assert.Equal(Path.Combine(_dir, "run", "id_ed25519"), pair.PrivateKeyPath);
        Assert.StartsWith("ssh-ed25519 AAAA", pair.PublicKey, StringComparison.Ordinal);
        Assert.EndsWith(" harness run r1", pair.PublicKey, StringComparison.Ordinal);
        Assert.Equal(2, pair.PublicKeyBlob.Split(' ').Length);
        Assert.Contains("BEGIN OPENSSH PRIVATE KEY", pair.ReadPrivateKey(), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pair.PrivateKeyPath));
    }

    [Fact]
    public async Task Regenerating_replaces_the_old_pair()
    {
        var first = await SshKeyPair.GenerateAsync(_dir, "a", CancellationToken.None);
        var second = await SshKeyPair.GenerateAsync(_dir, "a", CancellationToken.None);

        Assert.NotEqual(first.PublicKeyBlob, second.PublicKeyBlob);
    }

    [Fact]
    public async Task A_host_key_set_has_one_pair_of_every_type_named_as_sshd_reads_them_and_pins_ed25519()
    {
        var keys = await SshHostKeys.GenerateAsync(_dir, "m1 host key", Harness.Processes.ProcessRunner.Default, CancellationToken.None);

        Assert.Equal(
            [("ssh_host_ed25519_key", "ssh-ed25519"), ("ssh_host_ecdsa_key", "ecdsa-sha2-nistp256"), ("ssh_host_rsa_key", "ssh-rsa")],
            keys.Keys.Select(k => (Path.GetFileName(k.Pair.PrivateKeyPath), k.Pair.PublicKey.Split(' ')[0])));
        Assert.Equal(["/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_ecdsa_key", "/etc/ssh/ssh_host_rsa_key"], keys.Keys.Select(k => k.Type.HostKeyPath()));
        Assert.All(keys.Keys, k => Assert.Contains("PRIVATE KEY", k.Pair.ReadPrivateKey(), StringComparison.Ordinal));
        Assert.Same(keys.Keys[0].Pair, keys.Pinned);
    }
}
