namespace Harness.Fleet;

/// <summary>
/// The result of comparing a fleet's identities: the reference (the identity most nodes share; on a tie, the first
/// node's) and every node that differs from it, named, with what differs.
/// </summary>
public sealed record FleetComparison(NodeIdentity Reference, IReadOnlyList<string> ReferenceNodes, IReadOnlyList<NodeDrift> Drifts)
{
    /// <summary>True when every node has the reference identity.</summary>
    public bool Identical => Drifts.Count == 0;

    /// <summary>The names of the drifting nodes, in fleet order.</summary>
    public IReadOnlyList<string> DriftingNodes => [.. Drifts.Select(d => d.Node)];

    /// <summary>
    /// Compares <paramref name="nodes"/> (at least one). The reference is the identity shared by most nodes (ties: the
    /// earliest), so in a fleet of three one odd node is the one named.
    /// </summary>
    public static FleetComparison Compare(IReadOnlyList<NodeIdentity> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfZero(nodes.Count);
        var groups = nodes.Select((n, i) => (n, i)).GroupBy(x => x.n.Key, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.i)).ToList();
        var reference = groups[0].First().n;
        var drifts = nodes.Where(n => n.Key != reference.Key).Select(n => new NodeDrift(n.Node, Differences(reference, n))).ToList();
        return new FleetComparison(reference, [.. groups[0].Select(x => x.n.Node)], drifts);
    }

    /// <summary>
    /// One line: <c>all 3 nodes identical: version=… usr=… sysexts=…</c>, or
    /// <c>1 of 3 nodes drift from the fleet (m1, m2: …): m3: extra sysext x@dir:0123456789ab</c>.
    /// </summary>
    public string Describe()
    {
        var total = ReferenceNodes.Count + Drifts.Count;
        return Identical
            ? $"all {total} nodes identical: {Reference.Key}"
            : $"{Drifts.Count} of {total} nodes drift from the fleet ({string.Join(", ", ReferenceNodes)}: {Reference.Fingerprint[(Reference.Node.Length + 1)..]}): {string.Join(" | ", Drifts)}";
    }

    private static List<string> Differences(NodeIdentity reference, NodeIdentity node)
    {
        var differences = new List<string>();
        if (node.VersionId != reference.VersionId)
        {
            differences.Add($"VERSION_ID {node.VersionId} instead of {reference.VersionId}");
        }

        if (node.UsrRootHash != reference.UsrRootHash)
        {
            differences.Add($"usr root hash {node.UsrRootHash} instead of {reference.UsrRootHash}");
        }

        var theirs = reference.Sysexts.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var mine = node.Sysexts.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var s in node.Sysexts.Where(s => !theirs.ContainsKey(s.Name)))
        {
            differences.Add($"extra sysext {s.Short}");
        }

        foreach (var s in reference.Sysexts.Where(s => !mine.ContainsKey(s.Name)))
        {
            differences.Add($"missing sysext {s.Short}");
        }

        foreach (var s in node.Sysexts.Where(s => theirs.TryGetValue(s.Name, out var r) && r != s))
        {
            differences.Add($"sysext {s.Name} is {s.Kind}:{s.Digest} instead of {theirs[s.Name].Kind}:{theirs[s.Name].Digest}");
        }

        return differences;
    }
}
