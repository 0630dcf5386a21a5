namespace Harness.Fleet;

/// <summary>One system extension merged into a node's <c>/usr</c>.</summary>
/// <param name="Name">The extension's name (<c>kubernetes</c>; from its <c>extension-release.&lt;name&gt;</c> file).</param>
/// <param name="Kind"><c>raw</c> (an image file), <c>dir</c> (a directory tree) or <c>unknown</c> (merged, but its source was not found).</param>
/// <param name="Digest">SHA-256 (hex) of the image file, or of the tree (names, types, modes, owners, contents); <c>-</c> when unknown.</param>
public sealed record SysextDigest(string Name, string Kind, string Digest)
{
    /// <summary>The short form used in fingerprints: <c>name@raw:0123456789ab</c> (12 hex digits of the digest).</summary>
    public string Short => $"{Name}@{Kind}:{(Digest.Length > 12 ? Digest[..12] : Digest)}";
}
