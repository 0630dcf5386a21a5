using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Harness.Tests.Releases;

/// <summary>
/// OpenPGP keys generated at test time, shaped like Flatcar's image signing key: a primary with rotating
/// signing subkeys — one valid, one that expired 20 days ago (valid for its first 10 days), one the primary revoked,
/// one bound without its own back-signature —
/// and an unrelated key with its own signing subkey. <see cref="KeyFile"/> holds both keys, so only the pinned
/// fingerprint can tell them apart. Ed25519 keeps generation instant.
/// </summary>
internal sealed class TestSigningKeys
{
    private static readonly Lazy<TestSigningKeys> Shared = new(() => new TestSigningKeys(DateTimeOffset.UtcNow));

    private TestSigningKeys(DateTimeOffset now)
    {
        Now = now;
        var created = now.AddDays(-30);
        Primary = NewPair(created);
        Good = NewPair(created);
        Expired = NewPair(created);
        Revoked = NewPair(created);
        NotBackSigned = NewPair(created);
        var ring = Ring(Primary, "Harness Test Release Key <release@test.invalid>", [(Good, null), (Expired, TimeSpan.FromDays(10)), (Revoked, null), (NotBackSigned, null)]);
        ring = Revoke(ring, Primary, Revoked, now.AddDays(-5));
        OtherPrimary = NewPair(created);
        Other = NewPair(created);
        var otherRing = Ring(OtherPrimary, "Somebody Else <else@test.invalid>", [(Other, null)]);
        Fingerprint = Convert.ToHexString(ring.GetPublicKey().GetFingerprint());
        OtherFingerprint = Convert.ToHexString(otherRing.GetPublicKey().GetFingerprint());
        using var buffer = new MemoryStream();
        using (var armored = new ArmoredOutputStream(buffer))
        {
            ring.Encode(armored);
            otherRing.Encode(armored);
        }

        KeyFile = buffer.ToArray();
    }

    /// <summary>The keys of this test process.</summary>
    public static TestSigningKeys Instance => Shared.Value;

    /// <summary>When the keys were made (signatures default to this time).</summary>
    public DateTimeOffset Now { get; }

    public PgpKeyPair Primary { get; }

    public PgpKeyPair Good { get; }

    /// <summary>Created 30 days ago, expired 20 days ago.</summary>
    public PgpKeyPair Expired { get; }

    /// <summary>Revoked by the primary 5 days ago.</summary>
    public PgpKeyPair Revoked { get; }

    /// <summary>Bound by the primary, but without the subkey's own primary-key binding signature (0x19).</summary>
    public PgpKeyPair NotBackSigned { get; }

    public PgpKeyPair OtherPrimary { get; }

    /// <summary>A signing subkey of the unrelated key.</summary>
    public PgpKeyPair Other { get; }

    /// <summary>The pinned primary's fingerprint.</summary>
    public string Fingerprint { get; }

    /// <summary>The unrelated key's primary fingerprint.</summary>
    public string OtherFingerprint { get; }

    /// <summary>The armored key file (both keys).</summary>
    public byte[] KeyFile { get; }

    /// <summary>The key id as the fetcher prints it.</summary>
    public static string Id(PgpKeyPair key) => $"{key.KeyId:X16}";

    /// <summary>A binary detached signature of <paramref name="data"/> by <paramref name="signer"/>, dated <paramref name="at"/>.</summary>
    public static byte[] Sign(PgpKeyPair signer, byte[] data, DateTimeOffset at)
    {
        var generator = new PgpSignatureGenerator(signer.PublicKey.Algorithm, HashAlgorithmTag.Sha512);
        generator.InitSign(PgpSignature.BinaryDocument, signer.PrivateKey);
        var packets = new PgpSignatureSubpacketGenerator();
        packets.SetSignatureCreationTime(false, at.UtcDateTime);
        packets.SetIssuerKeyID(false, signer.KeyId);
        generator.SetHashedSubpackets(packets.Generate());
        generator.Update(data);
        return generator.Generate().GetEncoded();
    }

    private static PgpKeyPair NewPair(DateTimeOffset created)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, generator.GenerateKeyPair(), created.UtcDateTime);
    }

    private PgpPublicKeyRing Ring(PgpKeyPair primary, string userId, IReadOnlyList<(PgpKeyPair Key, TimeSpan? ValidFor)> subkeys)
    {
        var certify = new PgpSignatureSubpacketGenerator();
        certify.SetKeyFlags(false, PgpKeyFlags.CanCertify);
        certify.SetSignatureCreationTime(false, primary.PublicKey.CreationTime);
        var generator = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification, primary, userId, SymmetricKeyAlgorithmTag.Aes256, HashAlgorithmTag.Sha512,
            Array.Empty<char>(), true, certify.Generate(), null, new SecureRandom());
        foreach (var (key, validFor) in subkeys)
        {
            var binding = new PgpSignatureSubpacketGenerator();
            binding.SetKeyFlags(false, PgpKeyFlags.CanSign);
            binding.SetSignatureCreationTime(false, key.PublicKey.CreationTime);
            if (validFor is { } valid)
            {
                binding.SetKeyExpirationTime(false, (long)valid.TotalSeconds);
            }

            if (key == NotBackSigned)
            {
                generator.AddSubKey(key, binding.Generate(), null, HashAlgorithmTag.Sha512); // no embedded back-signature
            }
            else
            {
                generator.AddSubKey(key, binding.Generate(), null, HashAlgorithmTag.Sha512, HashAlgorithmTag.Sha512);
            }
        }

        return generator.GeneratePublicKeyRing();
    }

    private static PgpPublicKeyRing Revoke(PgpPublicKeyRing ring, PgpKeyPair primary, PgpKeyPair subkey, DateTimeOffset at)
    {
        var generator = new PgpSignatureGenerator(primary.PublicKey.Algorithm, HashAlgorithmTag.Sha512);
        generator.InitSign(PgpSignature.SubkeyRevocation, primary.PrivateKey);
        var packets = new PgpSignatureSubpacketGenerator();
        packets.SetSignatureCreationTime(false, at.UtcDateTime);
        packets.SetRevocationReason(false, RevocationReasonTag.KeyCompromised, "test: compromised");
        generator.SetHashedSubpackets(packets.Generate());
        var inRing = ring.GetPublicKey(subkey.KeyId);
        var revocation = generator.GenerateCertification(ring.GetPublicKey(), inRing);
        return PgpPublicKeyRing.InsertPublicKey(ring, PgpPublicKey.AddCertification(inRing, revocation));
    }
}
