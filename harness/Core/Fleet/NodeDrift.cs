namespace Harness.Fleet;

/// <summary>A node whose identity differs from the fleet's reference.</summary>
/// <param name="Node">The drifting node.</param>
/// <param name="Differences">What differs, one phrase each (<c>usr root hash abc… instead of def…</c>, <c>extra sysext x@dir:…</c>).</param>
public sealed record NodeDrift(string Node, IReadOnlyList<string> Differences)
{
    /// <inheritdoc />
    public override string ToString() => $"{Node}: {string.Join("; ", Differences)}";
}
