using Harness.Ignition;
using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Etcd;

/// <summary>
/// cl.etcd.cluster (kola: cl.etcd-member.discovery, in spirit): three machines on a private network form an etcd
/// cluster from a static initial-cluster through Flatcar's etcd-member.service, configured as Flatcar configures it:
/// an Ignition drop-in of ETCD_* environment variables, the unit enabled (on the contract image the same unit runs
/// Debian's etcd 3.4; on Flatcar the wrapper runs etcd in a container). Each member runs as user etcd with its data
/// in /var/lib/etcd, and the unit is active only once etcd serves (Type=notify).
/// Cutting one member's link keeps quorum and writes succeed (while the cut member cannot serve a quorum read);
/// restoring the link lets the member catch up: it then holds the key written during the cut.
/// </summary>
public sealed class EtcdCluster
{
    private const string Template = "etcd/etcd.bu";
    private static readonly TimeSpan FormTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromMinutes(3);

    [OsTest("cl.etcd.cluster", Requires = PlatformCapabilities.PrivateNetwork, TimeoutSeconds = 1800)]
    public async Task Three_members_keep_quorum_when_one_is_cut_off_and_it_catches_up_when_restored()
    {
        var network = PrivateNetwork.Create(3);
        var cluster = await Session.StartClusterAsync(network, SpecFor(network));
        try
        {
            await FormQuorumCutAndRestoreAsync(cluster);
        }
        finally
        {
            foreach (var machine in cluster)
            {
                await machine.DisposeAsync();
            }
        }
    }

    private static async Task FormQuorumCutAndRestoreAsync(IReadOnlyList<Machine> cluster)
    {
        var (m1, m2, m3) = (cluster[0], cluster[1], cluster[2]);

        // The private network carries traffic between the members.
        await m1.WaitUntilSucceedsAsync($"sudo ping -c 1 -W 2 {m3.PrivateAddress}");

        foreach (var member in cluster)
        {
            await member.WaitForUnitAsync("etcd-member.service", FormTimeout);
        }

        // The unit's defaults hold under the drop-in: etcd runs as user etcd and keeps its data in /var/lib/etcd.
        Assert.Equal("etcd", await m1.OutputAsync("ps -o user= -C etcd"));
        Assert.Equal("etcd 700", await m1.OutputAsync("stat -c '%U %a' /var/lib/etcd"));
        await m1.SucceedAsync("sudo test -d /var/lib/etcd/member");

        await m1.WaitUntilSucceedsAsync("etcdctl endpoint health --cluster", FormTimeout);
        var members = await m1.SucceedAsync("etcdctl member list -w simple");
        foreach (var member in cluster)
        {
            Assert.Contains($"http://{member.PrivateAddress}:2379", members, StringComparison.Ordinal);
        }

        await m1.WaitUntilSucceedsAsync("etcdctl put before-cut one", WriteTimeout);
        await m3.WaitUntilSucceedsAsync("etcdctl get --print-value-only before-cut", WriteTimeout);
        Assert.Equal("one", await m3.OutputAsync("etcdctl get --print-value-only before-cut"));

        // Cut m3 off: the other two still form a quorum (a new leader is elected if m3 led), so writes succeed.
        await m3.BlockNetworkAsync();
        await m1.WaitUntilSucceedsAsync("etcdctl --command-timeout=10s put during-cut two", WriteTimeout);
        Assert.Equal("two", await m2.OutputAsync("etcdctl get --print-value-only during-cut"));
        // The cut is real: m3 can reach no peer, so it cannot serve a linearizable read and has not seen the write.
        await m3.FailAsync("etcdctl --command-timeout=5s get during-cut");
        Assert.Equal("", await m3.OutputAsync("etcdctl get --consistency=s --print-value-only during-cut"));

        // Restored, m3 catches up from the leader: its own (serializable, local) read shows the key written during the cut.
        await m3.UnblockNetworkAsync();
        await m3.WaitUntilSucceedsAsync("test \"$(etcdctl get --consistency=s --print-value-only during-cut)\" = two", WriteTimeout);
        await m3.WaitUntilSucceedsAsync("etcdctl --command-timeout=10s put after-restore three", WriteTimeout);
        await m1.WaitUntilSucceedsAsync("etcdctl get --print-value-only after-restore", WriteTimeout);
        Assert.Equal("three", await m1.OutputAsync("etcdctl get --print-value-only after-restore"));
    }

    private static Func<PrivateNic, MachineSpec> SpecFor(PrivateNetwork network)
    {
        var initialCluster = string.Join(',', network.Nics.Select(n => $"{MemberName(n)}=http://{n.Address}:2380"));
        return nic => MachineSpec.Default.WithIgnition(ButaneTemplate.TranslateFile(
            Assets.Path(Template),
            new Dictionary<string, string>
            {
                ["NAME"] = MemberName(nic),
                ["ADDRESS"] = nic.Address,
                ["INITIAL_CLUSTER"] = initialCluster,
            }));
    }

    private static string MemberName(PrivateNic nic) => "m" + (nic.Index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
