using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Harness.Releases;

/// <summary>
/// A detached signature whose signer the pinned key vouches for, being checked against data fed to it in order
/// (<see cref="Update"/>), then <see cref="Finish"/>. From <see cref="SigningKey.Begin"/>.
/// </summary>
public sealed class DetachedSignature
{
    private readonly PgpSignature _signature;
    private readonly string _source;

    internal DetachedSignature(PgpSignature signature, SigningSubkey signer, DateTimeOffset signedAt, string source)
    {
        _signature = signature;
        Signer = signer;
        SignedAt = signedAt;
        _source = source;
    }

    /// <summary>The (sub)key that made it.</summary>
    public SigningSubkey Signer { get; }

    /// <summary>The signature's creation time.</summary>
    public DateTimeOffset SignedAt { get; }

    /// <summary>Feeds the next bytes of the signed data.</summary>
    public void Update(ReadOnlySpan<byte> data) => _signature.Update(data);

    /// <summary>Checks the signature over everything fed.</summary>
    /// <param name="file">The data's name or path, for the message.</param>
    /// <exception cref="ReleaseException">The signature does not match the data.</exception>
    public void Finish(string file)
    {
        if (!_signature.Verify())
        {
            throw new ReleaseException($"{file}: the signature {_source} (subkey {Signer.KeyId}) does not match its content (tampered or corrupted)");
        }
    }
}
