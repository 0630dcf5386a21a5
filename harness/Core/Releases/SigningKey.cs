using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Harness.Releases;

/// <summary>
/// The release signing key, trusted only through its pinned primary fingerprint: a key file may hold any number of
/// keys, but only the one whose primary has the pinned fingerprint is used, and of it only the primary and the subkeys
/// the primary bound to itself (a verified subkey-binding signature with the signing flag and the subkey's own
/// back-signature). A subkey the primary revoked signs nothing; a subkey signs only while it was valid (a signature
/// made before the subkey expired stays good after it expired, as Flatcar rotates subkeys yearly). Built on
/// BouncyCastle's OpenPGP (docs/releases.md says why not gpgv).
/// </summary>
public sealed class SigningKey
{
    private static readonly HashAlgorithmTag[] WeakHashes = [HashAlgorithmTag.MD5, HashAlgorithmTag.Sha1, HashAlgorithmTag.RipeMD160, HashAlgorithmTag.MD2];

    private readonly PgpPublicKey _primary;
    private readonly Dictionary<long, (PgpPublicKey Key, SigningSubkey State)> _keys = [];

    private SigningKey(PgpPublicKeyRing ring, string source)
    {
        _primary = ring.GetPublicKey();
        Source = source;
        Fingerprint = Hex(_primary.GetFingerprint());
        foreach (var key in ring.GetPublicKeys())
        {
            _keys[key.KeyId] = (key, Describe(key));
        }
    }

    /// <summary>Where the key file came from (a path or URL), for messages.</summary>
    public string Source { get; }

    /// <summary>The pinned primary fingerprint (upper-case hex, no spaces).</summary>
    public string Fingerprint { get; }

    /// <summary>The primary key's state.</summary>
    public SigningSubkey Primary => _keys[_primary.KeyId].State;

    /// <summary>The subkeys in key-file order.</summary>
    public IReadOnlyList<SigningSubkey> Subkeys => [.. _keys.Values.Where(k => !k.Key.IsMasterKey).Select(k => k.State)];

    /// <summary>Normalizes a fingerprint as given on a command line (spaces removed, upper case).</summary>
    /// <exception cref="ReleaseException">Not 40 hex digits (a v4 fingerprint).</exception>
    public static string NormalizeFingerprint(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var hex = fingerprint.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (hex.StartsWith("0X", StringComparison.Ordinal))
        {
            hex = hex[2..];
        }

        return hex.Length == 40 && hex.All(Uri.IsHexDigit)
            ? hex
            : throw new ReleaseException($"--trust-fingerprint '{fingerprint}': expected the 40 hex digits of an OpenPGP v4 primary key fingerprint");
    }

    /// <summary>Reads an armored or binary key file and selects the key whose primary has <paramref name="fingerprint"/>.</summary>
    /// <param name="keyData">The key file's content.</param>
    /// <param name="source">Where it came from (path or URL), for messages.</param>
    /// <param name="fingerprint">The pinned primary fingerprint.</param>
    /// <exception cref="ReleaseException">The data is no key block, or holds no key with that fingerprint, or that key is revoked or expired.</exception>
    public static SigningKey Load(Stream keyData, string source, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(keyData);
        var wanted = NormalizeFingerprint(fingerprint);
        PgpPublicKeyRingBundle bundle;
        try
        {
            bundle = new PgpPublicKeyRingBundle(PgpUtilities.GetDecoderStream(keyData));
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException)
        {
            throw new ReleaseException($"{source}: not an OpenPGP public key block ({e.Message})", e);
        }

        var rings = bundle.GetKeyRings().ToList();
        var ring = rings.FirstOrDefault(r => Hex(r.GetPublicKey().GetFingerprint()) == wanted)
            ?? throw new ReleaseException(
                $"{source}: no key with the pinned fingerprint {wanted} (the file holds {(rings.Count == 0 ? "no key" : string.Join(", ", rings.Select(r => Hex(r.GetPublicKey().GetFingerprint()))))})");
        var key = new SigningKey(ring, source);
        if (key.Primary.RevokedAt is { } revoked)
        {
            throw new ReleaseException($"{source}: the pinned key {wanted} was revoked on {revoked:yyyy-MM-dd}");
        }

        return key;
    }

    /// <summary>
    /// Reads a detached signature and checks, before any data is read, that it was made by a key this pinned key
    /// vouches for at the signature's creation time. Feed the data to the returned verification and finish it.
    /// </summary>
    /// <param name="signature">The <c>.sig</c> file's content (binary or armored).</param>
    /// <param name="source">The signature's URL or path, for messages.</param>
    /// <exception cref="ReleaseException">Not a signature, or made by a key not vouched for (other key, revoked or expired subkey, weak hash).</exception>
    public DetachedSignature Begin(byte[] signature, string source)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var sig = ReadSignature(signature, source);
        var id = sig.KeyId;
        if (!_keys.TryGetValue(id, out var signer))
        {
            throw new ReleaseException($"{source}: made by key {id:X16}, which is not the pinned key {Fingerprint} or one of its subkeys");
        }

        var signedAt = new DateTimeOffset(DateTime.SpecifyKind(sig.CreationTime, DateTimeKind.Utc));
        var state = signer.State;
        if (state.Problem is { } problem)
        {
            throw new ReleaseException($"{source}: made by subkey {state.KeyId}, which {problem}");
        }

        if (state.RevokedAt is { } revoked)
        {
            throw new ReleaseException($"{source}: made by subkey {state.KeyId}, which the pinned key {Fingerprint} revoked on {revoked:yyyy-MM-dd}");
        }

        if (signedAt < state.Created)
        {
            throw new ReleaseException($"{source}: dated {signedAt:yyyy-MM-dd HH:mm:ss}Z, before its key {state.KeyId} was created ({state.Created:yyyy-MM-dd})");
        }

        if (state.ExpiredAt(signedAt))
        {
            throw new ReleaseException($"{source}: made on {signedAt:yyyy-MM-dd HH:mm:ss}Z by subkey {state.KeyId}, which had expired on {state.Expires:yyyy-MM-dd HH:mm:ss}Z");
        }

        if (!state.IsPrimary && Primary.ExpiredAt(signedAt))
        {
            throw new ReleaseException($"{source}: made on {signedAt:yyyy-MM-dd}, after the pinned key {Fingerprint} expired ({Primary.Expires:yyyy-MM-dd})");
        }

        if (WeakHashes.Contains(sig.HashAlgorithm))
        {
            throw new ReleaseException($"{source}: uses the weak hash {sig.HashAlgorithm}; expected SHA-256 or stronger");
        }

        try
        {
            sig.InitVerify(signer.Key);
        }
        catch (PgpException e)
        {
            throw new ReleaseException($"{source}: cannot be checked with key {state.KeyId} ({e.Message})", e);
        }

        return new DetachedSignature(sig, state, signedAt, source);
    }

    private static PgpSignature ReadSignature(byte[] signature, string source)
    {
        try
        {
            var factory = new PgpObjectFactory(PgpUtilities.GetDecoderStream(new MemoryStream(signature)));
            var next = factory.NextPgpObject();
            if (next is PgpCompressedData compressed)
            {
                next = new PgpObjectFactory(compressed.GetDataStream()).NextPgpObject();
            }

            if (next is not PgpSignatureList { Count: 1 } list)
            {
                throw new ReleaseException($"{source}: not a detached OpenPGP signature (expected exactly one signature packet)");
            }

            var sig = list[0];
            return sig.SignatureType == PgpSignature.BinaryDocument
                ? sig
                : throw new ReleaseException($"{source}: a signature of type 0x{sig.SignatureType:X2}, not over a binary document (0x00)");
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException)
        {
            throw new ReleaseException($"{source}: not a detached OpenPGP signature ({e.Message})", e);
        }
    }

    private SigningSubkey Describe(PgpPublicKey key)
    {
        var created = Utc(key.CreationTime);
        var id = $"{key.KeyId:X16}";
        var fingerprint = Hex(key.GetFingerprint());
        if (key.IsMasterKey)
        {
            var revoked = Verified(key.GetSignaturesOfType(PgpSignature.KeyRevocation), s => s.VerifyCertification(key)).Select(s => (DateTimeOffset?)Utc(s.CreationTime)).Min();
            var valid = key.GetValidSeconds();
            return new SigningSubkey(id, fingerprint, true, created, valid > 0 ? created.AddSeconds(valid) : null, revoked, null);
        }

        var subkeyRevoked = Verified(key.GetSignaturesOfType(PgpSignature.SubkeyRevocation), s => s.VerifyCertification(_primary, key))
            .Select(s => (DateTimeOffset?)Utc(s.CreationTime)).Min();
        var binding = Verified(key.GetSignaturesOfType(PgpSignature.SubkeyBinding), s => s.VerifyCertification(_primary, key))
            .Where(s => s.CreationTime >= key.CreationTime)
            .MaxBy(s => s.CreationTime);
        if (binding is null)
        {
            return new SigningSubkey(id, fingerprint, false, created, null, subkeyRevoked, "has no valid binding signature from the pinned key");
        }

        var hashed = binding.GetHashedSubPackets();
        var expirySeconds = hashed.GetKeyExpirationTime();
        var expires = expirySeconds > 0 ? created.AddSeconds(expirySeconds) : (DateTimeOffset?)null;
        var flags = hashed.GetKeyFlags();
        string? problem = null;
        if (flags != 0 && (flags & PgpKeyFlags.CanSign) == 0)
        {
            problem = "is not bound as a signing subkey (no signing flag)";
        }
        else if (!BackSigned(binding, key))
        {
            problem = "has no valid back-signature (primary-key binding) of its own";
        }

        return new SigningSubkey(id, fingerprint, false, created, expires, subkeyRevoked, problem);
    }

    /// <summary>A signing subkey must certify its primary itself (RFC 4880 5.2.1, 0x19), so nobody can bind another's subkey.</summary>
    private bool BackSigned(PgpSignature binding, PgpPublicKey subkey)
    {
        foreach (var vector in new[] { binding.GetHashedSubPackets(), binding.GetUnhashedSubPackets() })
        {
            if (vector is null)
            {
                continue;
            }

            PgpSignatureList embedded;
            try
            {
                embedded = vector.GetEmbeddedSignatures();
            }
            catch (PgpException)
            {
                continue;
            }

            for (var i = 0; i < embedded.Count; i++)
            {
                var back = embedded[i];
                if (back.SignatureType == PgpSignature.PrimaryKeyBinding && Check(back, subkey, s => s.VerifyCertification(_primary, subkey)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The signatures that were made by the primary and verify.</summary>
    private IEnumerable<PgpSignature> Verified(IEnumerable<PgpSignature> signatures, Func<PgpSignature, bool> verify) =>
        signatures.Where(s => s.KeyId == _primary.KeyId && Check(s, _primary, verify));

    private static bool Check(PgpSignature signature, PgpPublicKey by, Func<PgpSignature, bool> verify)
    {
        try
        {
            signature.InitVerify(by);
            return verify(signature);
        }
        catch (PgpException)
        {
            return false;
        }
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
