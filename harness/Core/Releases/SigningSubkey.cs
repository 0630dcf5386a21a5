namespace Harness.Releases;

/// <summary>What the pinned key says about one of its keys (the primary or a subkey).</summary>
/// <param name="KeyId">The 64-bit key id, 16 upper-case hex digits.</param>
/// <param name="Fingerprint">The key's fingerprint, upper-case hex.</param>
/// <param name="IsPrimary">True for the primary key itself.</param>
/// <param name="Created">The key's creation time.</param>
/// <param name="Expires">When the key expires per its (verified) binding or self-signature; null when never.</param>
/// <param name="RevokedAt">When a revocation signature verified by the primary was made; null when not revoked.</param>
/// <param name="Problem">Why the key cannot sign for the primary at all (no valid binding, no signing flag, no back-signature), or null.</param>
public sealed record SigningSubkey(string KeyId, string Fingerprint, bool IsPrimary, DateTimeOffset Created, DateTimeOffset? Expires, DateTimeOffset? RevokedAt, string? Problem)
{
    /// <summary>True when the key had expired at <paramref name="time"/>.</summary>
    public bool ExpiredAt(DateTimeOffset time) => Expires is { } expires && time >= expires;
}
