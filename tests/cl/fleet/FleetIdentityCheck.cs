using Harness.Fleet;
using Harness.Machines;
using Harness.Xunit;
using Harness.Updates;

namespace Tests.Cl.Fleet;

/// <summary>
/// cl.fleet.identity: "can you prove the nodes' filesystems match?" On an image-based OS a node is VERSION_ID plus the
/// /usr dm-verity root hash plus the merged system extensions. Three fresh nodes of one image are identical (their
/// fingerprints go into the result's notes); after one node merges an extra extension the check names that node.
/// </summary>
public sealed class FleetIdentityCheck
{
    [OsTest("cl.fleet.identity", TimeoutSeconds = 1800)]
    public async Task Identical_nodes_match_and_a_node_with_an_extra_extension_is_named()
    {
        var cluster = await Session.StartClusterAsync(3, MachineSpec.Default);
        try
        {
            await CompareDriftAndCompareAgainAsync(cluster);
        }
        finally
        {
            foreach (var machine in cluster)
            {
                await machine.DisposeAsync();
            }
        }
    }

    private static async Task CompareDriftAndCompareAgainAsync(IReadOnlyList<Machine> cluster)
    {
        var before = await FleetIdentity.CollectAsync(cluster);
        foreach (var node in before)
        {
            Session.AddNote(node.Fingerprint);
        }

        var fleet = FleetComparison.Compare(before);
        Assert.True(fleet.Identical, fleet.Describe());
        Assert.Matches("^[0-9a-f]{64}$", fleet.Reference.UsrRootHash);
        Assert.Equal(await cluster[0].VersionIdAsync(), fleet.Reference.VersionId);
        // The hash is the one the running /usr is verified against, not a file's claim.
        Assert.Contains(fleet.Reference.UsrRootHash, await cluster[0].SucceedAsync("sudo dmsetup table usr"), StringComparison.Ordinal);

        var drifted = cluster[1];
        Assert.Equal("this node drifted on purpose", await drifted.RunScriptAsync("fleet/add-drift-extension.sh"));

        var after = FleetComparison.Compare(await FleetIdentity.CollectAsync(cluster));
        Session.AddNote("after drift: " + after.Describe());
        Assert.False(after.Identical, "the fleet still compares identical after " + drifted.Name + " merged an extra extension");
        Assert.Equal([drifted.Name], after.DriftingNodes);
        var difference = Assert.Single(Assert.Single(after.Drifts).Differences);
        Assert.StartsWith("extra sysext harness-drift@dir:", difference, StringComparison.Ordinal);
        Assert.Equal(fleet.Reference.Key, after.Reference.Key);
    }
}
