namespace Harness.Releases;

/// <summary>One verified file of a cached release.</summary>
/// <param name="Name">File name in the release's cache folder.</param>
/// <param name="Role">What it is for.</param>
/// <param name="Url">The URL whose signature was verified (the compressed file when it was fetched compressed).</param>
/// <param name="Size">Size of the cached file in bytes.</param>
/// <param name="Sha512">SHA-512 of the cached file (lower-case hex).</param>
/// <param name="SignedSha512">SHA-512 of the signed bytes as the DIGESTS file gave it (differs when decompressed).</param>
/// <param name="Signer">Key id of the subkey that made the signature.</param>
/// <param name="SignedAt">The signature's creation time.</param>
public sealed record ReleaseManifestFile(string Name, ReleaseFileRole Role, Uri Url, long Size, string Sha512, string SignedSha512, string Signer, DateTimeOffset SignedAt);
