using Harness.Failures;
using Harness.Machines;
using Harness.Processes;

namespace Harness.Ssh;

/// <summary>
/// The host keys the harness makes for one machine and injects through Ignition: one of every type sshd serves by
/// default (<see cref="SshKeyType"/>). The client pins <see cref="Pinned"/> (ed25519). The others are injected so the
/// guest generates no host key at boot: <c>ssh-keygen -A</c> skips existing keys, and an RSA key costs the guest seconds
/// of CPU under emulation, where the host makes one in a fraction of a second.
/// </summary>
/// <param name="Keys">One pair per type, in <see cref="SshKeyType"/> order.</param>
public sealed record SshHostKeys(IReadOnlyList<(SshKeyType Type, SshKeyPair Pair)> Keys)
{
    /// <summary>Every host key type, in the order they are generated and injected.</summary>
    public static IReadOnlyList<SshKeyType> Types { get; } = Enum.GetValues<SshKeyType>();

    /// <summary>The key the client pins: ed25519.</summary>
    public SshKeyPair Pinned => Keys.Single(k => k.Type == SshKeyType.Ed25519).Pair;

    /// <summary>
    /// Generates one key pair of every type in <paramref name="directory"/>, as sshd names them
    /// (<c>ssh_host_TYPE_key</c> and <c>.pub</c>), side by side.
    /// </summary>
    /// <exception cref="InfrastructureException">ssh-keygen is missing or failed.</exception>
    public static async Task<SshHostKeys> GenerateAsync(
        string directory,
        string comment,
        IProcessRunner runner,
        CancellationToken cancellationToken)
    {
        var pairs = await Task.WhenAll(Types.Select(type => SshKeyPair.GenerateAsync(
            directory, comment, Path.GetFileName(type.HostKeyPath()), type, runner, cancellationToken)));
        return new SshHostKeys([.. Types.Zip(pairs)]);
    }
}
