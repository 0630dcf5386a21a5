using Harness.Failures;
using Harness.Machines;
using Harness.Processes;
using Harness.Waiting;

namespace Harness.Ssh;

/// <summary>
/// A key pair on disk, made by <c>ssh-keygen</c>: the run's client key (ed25519, one per session) or one of a machine's
/// host keys (one set per machine, injected through Ignition; the ed25519 one is pinned by the client).
/// </summary>
/// <param name="PrivateKeyPath">The private key file (OpenSSH format, mode 0600, no passphrase).</param>
/// <param name="PublicKey">The public key line, e.g. <c>ssh-ed25519 AAAA… comment</c>.</param>
public sealed record SshKeyPair(string PrivateKeyPath, string PublicKey)
{
    /// <summary>The default file name of a generated private key.</summary>
    public const string DefaultFileName = "id_ed25519";

    /// <summary>The public key without its comment: <c>ssh-ed25519 AAAA…</c> (the form used in known_hosts).</summary>
    public string PublicKeyBlob => PublicKeyLine.WithoutComment(PublicKey);

    /// <summary>The private key file's text (for injecting a host key through Ignition).</summary>
    public string ReadPrivateKey() => File.ReadAllText(PrivateKeyPath);

    /// <summary>
    /// Generates a key pair in <paramref name="directory"/> (created if missing) as <c>id_ed25519</c> and
    /// <c>id_ed25519.pub</c>, replacing existing files.
    /// </summary>
    /// <exception cref="InfrastructureException">ssh-keygen is missing or failed.</exception>
    public static Task<SshKeyPair> GenerateAsync(string directory, string comment, CancellationToken cancellationToken) =>
        GenerateAsync(directory, comment, DefaultFileName, ProcessRunner.Default, cancellationToken);

    /// <summary>An ed25519 key pair as <paramref name="fileName"/>; see the overload with a key type.</summary>
    /// <exception cref="InfrastructureException">ssh-keygen is missing or failed.</exception>
    public static Task<SshKeyPair> GenerateAsync(
        string directory,
        string comment,
        string fileName,
        IProcessRunner runner,
        CancellationToken cancellationToken) =>
        GenerateAsync(directory, comment, fileName, SshKeyType.Ed25519, runner, cancellationToken);

    /// <summary>
    /// Generates a key pair as <paramref name="fileName"/> and <paramref name="fileName"/><c>.pub</c> in
    /// <paramref name="directory"/> (created if missing), replacing existing files, with
    /// <c>ssh-keygen -t TYPE -N "" -q</c> run through <paramref name="runner"/>.
    /// </summary>
    /// <exception cref="InfrastructureException">ssh-keygen is missing or failed.</exception>
    public static async Task<SshKeyPair> GenerateAsync(
        string directory,
        string comment,
        string fileName,
        SshKeyType type,
        IProcessRunner runner,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(comment);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(runner);

        Directory.CreateDirectory(directory);
        var privateKey = Path.GetFullPath(Path.Combine(directory, fileName));
        var publicKey = privateKey + ".pub";
        File.Delete(privateKey);
        File.Delete(publicKey);

        var spec = new ProcessSpec("ssh-keygen", ["-t", type.Name(), "-N", "", "-q", "-C", comment, "-f", privateKey])
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var result = await runner.RunAsync(spec, cancellationToken);
        if (!result.Succeeded || !File.Exists(publicKey))
        {
            throw new InfrastructureException(
                $"`{spec.Display}` exited {result.ExitCode} after {result.Elapsed.ToShortText()}\n  stderr: {result.Stderr.Trim()}");
        }

        return new SshKeyPair(privateKey, (await File.ReadAllTextAsync(publicKey, cancellationToken)).Trim());
    }
}
