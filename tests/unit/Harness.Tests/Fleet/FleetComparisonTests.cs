using Harness.Fleet;

namespace Harness.Tests.Fleet;

public sealed class FleetComparisonTests
{
    private static readonly string Usr = new('1', 64);

    private static NodeIdentity Node(string name, string usr, params SysextDigest[] sysexts) => new(name, "1.0.0", usr, sysexts);

    [Fact]
    public void Identical_nodes_compare_identical()
    {
        var ext = new SysextDigest("kubernetes", "raw", new string('a', 64));

        var result = FleetComparison.Compare([Node("m1", Usr, ext), Node("m2", Usr, ext), Node("m3", Usr, ext)]);

        Assert.True(result.Identical);
        Assert.Empty(result.DriftingNodes);
        Assert.Equal(["m1", "m2", "m3"], result.ReferenceNodes);
        Assert.StartsWith("all 3 nodes identical: version=1.0.0 usr=" + Usr, result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_extension_on_one_node_names_that_node_even_when_it_is_first()
    {
        var drift = new SysextDigest("harness-drift", "dir", new string('d', 64));

        var result = FleetComparison.Compare([Node("m1", Usr, drift), Node("m2", Usr), Node("m3", Usr)]);

        Assert.False(result.Identical);
        Assert.Equal(["m1"], result.DriftingNodes);
        Assert.Equal(["extra sysext harness-drift@dir:dddddddddddd"], Assert.Single(result.Drifts).Differences);
        Assert.Equal(
            $"1 of 3 nodes drift from the fleet (m2, m3: version=1.0.0 usr={Usr} sysexts=none): m1: extra sysext harness-drift@dir:dddddddddddd",
            result.Describe());
    }

    [Fact]
    public void A_different_usr_a_missing_and_a_changed_extension_are_all_named()
    {
        var ext = new SysextDigest("kubernetes", "raw", new string('a', 64));
        var other = new SysextDigest("docker", "raw", new string('c', 64));
        var changed = ext with { Digest = new string('b', 64) };

        var result = FleetComparison.Compare([
            Node("m1", Usr, ext, other), Node("m2", Usr, ext, other), Node("m3", new string('2', 64), changed), Node("m4", Usr, ext, other)]);

        var drift = Assert.Single(result.Drifts);
        Assert.Equal("m3", drift.Node);
        Assert.Equal(
            [$"usr root hash {new string('2', 64)} instead of {Usr}", "missing sysext docker@raw:cccccccccccc", $"sysext kubernetes is raw:{new string('b', 64)} instead of raw:{new string('a', 64)}"],
            drift.Differences);
    }

    [Fact]
    public void On_a_tie_the_first_nodes_identity_is_the_reference()
    {
        var result = FleetComparison.Compare([Node("m1", Usr), Node("m2", new string('2', 64))]);

        Assert.Equal(["m2"], result.DriftingNodes);
    }
}
