using System.Security.Cryptography;

namespace Harness.Ssh;

/// <summary>
/// The one host key a connection accepts: the public key injected through Ignition, compared byte for byte with the key
/// sshd presents (its SSH wire encoding, the base64 part of <c>ssh-ed25519 AAAA… comment</c>).
/// </summary>
/// <param name="Type">The key's algorithm name, e.g. <c>ssh-ed25519</c>.</param>
/// <param name="Blob">The key in SSH wire encoding.</param>
internal sealed record PinnedHostKey(string Type, byte[] Blob)
{
    /// <summary>The SHA-256 fingerprint as <c>ssh-keygen -l</c> prints it, without the <c>SHA256:</c> prefix.</summary>
    public string Fingerprint => Convert.ToBase64String(SHA256.HashData(Blob)).TrimEnd('=');

    /// <summary>Reads a public key line (<c>TYPE BASE64 [comment]</c>).</summary>
    /// <exception cref="ArgumentException">The line is not a public key.</exception>
    public static PinnedHostKey Parse(string publicKeyLine)
    {
        ArgumentNullException.ThrowIfNull(publicKeyLine);
        var parts = publicKeyLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            return parts.Length >= 2
                ? new PinnedHostKey(parts[0], Convert.FromBase64String(parts[1]))
                : throw new FormatException("fewer than two fields");
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"not an SSH public key line ({e.Message}): {publicKeyLine}", nameof(publicKeyLine), e);
        }
    }

    /// <summary>Whether sshd presented this key.</summary>
    public bool Matches(string presentedType, byte[] presentedBlob) =>
        presentedType == Type && presentedBlob.AsSpan().SequenceEqual(Blob);
}
