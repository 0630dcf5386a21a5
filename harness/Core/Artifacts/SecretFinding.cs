namespace Harness.Artifacts;

/// <summary>A secret <see cref="SecretScan"/> found: where and what kind, never the secret itself.</summary>
/// <param name="Source">The file (relative to the scanned folder) or text it was found in.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Kind">What it is: <c>private key</c>, <c>GitHub token</c>, <c>password hash</c>, <c>the value of GITHUB_TOKEN</c>…</param>
public sealed record SecretFinding(string Source, int Line, string Kind)
{
    /// <summary><c>node1/ignition.json:12: password hash</c>.</summary>
    public override string ToString() => $"{Source}:{Line}: {Kind}";
}
