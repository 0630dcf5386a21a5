namespace Harness.Ssh;

/// <summary>The key types <c>ssh-keygen -A</c> creates as host keys (OpenSSH 9), and the harness's client key type.</summary>
public enum SshKeyType
{
    /// <summary>ed25519: the client key and the pinned host key.</summary>
    Ed25519,

    /// <summary>ECDSA on nistp256 (ssh-keygen's default size).</summary>
    Ecdsa,

    /// <summary>RSA, 3072 bits (ssh-keygen's default size).</summary>
    Rsa,
}

/// <summary>How each <see cref="SshKeyType"/> is named by <c>ssh-keygen -t</c> and in sshd's host key files.</summary>
public static class SshKeyTypes
{
    /// <summary>The name for <c>ssh-keygen -t</c> and in <c>/etc/ssh/ssh_host_NAME_key</c>.</summary>
    public static string Name(this SshKeyType type) => type switch
    {
        SshKeyType.Ed25519 => "ed25519",
        SshKeyType.Ecdsa => "ecdsa",
        SshKeyType.Rsa => "rsa",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown SSH key type"),
    };

    /// <summary>Where sshd reads the host private key of this type (its public key is the same path plus <c>.pub</c>).</summary>
    public static string HostKeyPath(this SshKeyType type) => $"/etc/ssh/ssh_host_{type.Name()}_key";
}
