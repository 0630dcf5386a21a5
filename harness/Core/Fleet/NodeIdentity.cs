namespace Harness.Fleet;

/// <summary>
/// What a node's filesystem is, on an image-based OS: the OS version, the dm-verity root hash of <c>/usr</c> (which pins
/// every byte of it) and the system extensions merged over it. Two nodes with equal identities run the same bits.
/// </summary>
/// <param name="Node">The machine's name.</param>
/// <param name="VersionId"><c>VERSION_ID</c> from <c>/etc/os-release</c>.</param>
/// <param name="UsrRootHash">The <c>/usr</c> verity root hash (hex), or <c>unknown</c>.</param>
/// <param name="Sysexts">Merged extensions, sorted by name.</param>
public sealed record NodeIdentity(string Node, string VersionId, string UsrRootHash, IReadOnlyList<SysextDigest> Sysexts)
{
    /// <summary>
    /// The node's identity without its name, in one line: <c>version=1.0.0 usr=&lt;64 hex&gt; sysexts=a@raw:…,b@dir:…</c>
    /// (<c>sysexts=none</c> without extensions). Equal keys mean identical nodes.
    /// </summary>
    public string Key =>
        $"version={VersionId} usr={UsrRootHash} sysexts={(Sysexts.Count == 0 ? "none" : string.Join(',', Sysexts.Select(s => s.Name + "@" + s.Kind + ":" + s.Digest)))}";

    /// <summary>One line per node for reports: <c>&lt;node&gt; version=… usr=… sysexts=…</c> (digests shortened to 12 hex digits).</summary>
    public string Fingerprint =>
        $"{Node} version={VersionId} usr={UsrRootHash} sysexts={(Sysexts.Count == 0 ? "none" : string.Join(',', Sysexts.Select(s => s.Short)))}";
}
