using System.Text.Json.Nodes;
using Harness.Machines;

namespace Harness.Platforms.Qemu.Tests;

public sealed class QemuPrivateNetworkTests : IDisposable
{
    private readonly TempDir _dir = new("hq-priv");

    public void Dispose() => _dir.Dispose();

    private static QemuSetup Setup() => new(
        "/usr/bin/qemu-system-x86_64", "7.2.22", "/usr/bin/qemu-img", Arch.Amd64, false, "reason",
        "/usr/share/OVMF/OVMF_CODE_4M.fd", DiskFormat.Raw, "/usr/share/OVMF/OVMF_VARS_4M.fd", DiskFormat.Raw,
        "/images/amd64/disk.qcow2", DiskFormat.Qcow2);

    [Fact]
    public void A_machine_on_a_private_network_gets_a_second_nic_on_the_networks_loopback_multicast_group()
    {
        var network = PrivateNetwork.FromKey(0x17bb05, 3);
        var layout = new MachineLayout("/s", "/a", "/tmp/hq-x/m2.qmp");

        var args = QemuCommandLine.Build(Setup(), layout, "m2", MachineOptions.Default, 2222, network.Nics[1]);

        var netdev = args[args.ToList().IndexOf("socket,id=net1,mcast=230.23.187.5:55205,localaddr=127.0.0.1") - 1];
        Assert.Equal("-netdev", netdev);
        Assert.Contains("virtio-net-pci,netdev=net1,mac=52:54:01:17:bb:0c,romfile=", args);
        Assert.Contains("virtio-net-pci,netdev=net0,romfile=", args);
    }

    [Fact]
    public void Machines_of_one_network_share_group_and_port_and_other_networks_differ()
    {
        var a = PrivateNetwork.FromKey(1000, 2);
        var b = PrivateNetwork.FromKey(1001, 2);

        var a1 = QemuPrivateNetwork.Arguments(a.Nics[0])[1];
        var a2 = QemuPrivateNetwork.Arguments(a.Nics[1])[1];
        var b1 = QemuPrivateNetwork.Arguments(b.Nics[0])[1];

        Assert.Equal(a1, a2);
        Assert.NotEqual(a1, b1);
        Assert.NotEqual(QemuPrivateNetwork.Group(1000), QemuPrivateNetwork.Group(1001));
        Assert.InRange(QemuPrivateNetwork.Port((1 << 24) - 1), 20000, 59999);
    }

    [Fact]
    public void Without_a_private_network_there_is_one_nic()
    {
        var args = QemuCommandLine.Build(Setup(), new MachineLayout("/s", "/a", "/tmp/hq-x/m1.qmp"), "m1", MachineOptions.Default, 2222);

        Assert.DoesNotContain(args, a => a.Contains("net1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cutting_and_restoring_the_link_sends_set_link_on_the_private_netdev()
    {
        await using var server = new FakeQmpServer(_dir.File("q.sock"), c => c["execute"]!.GetValue<string>() switch
        {
            "qmp_capabilities" or "set_link" => FakeQmpServer.Return(c),
            _ => null,
        });
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        await client.SetLinkAsync(QemuPrivateNetwork.NetdevId, up: false, CancellationToken.None);
        await client.SetLinkAsync(QemuPrivateNetwork.NetdevId, up: true, CancellationToken.None);

        JsonNode[] sent;
        lock (server.Received)
        {
            sent = [.. server.Received.Select(l => JsonNode.Parse(l)!).Where(n => n["execute"]!.GetValue<string>() == "set_link")];
        }

        Assert.Equal(["{\"name\":\"net1\",\"up\":false}", "{\"name\":\"net1\",\"up\":true}"], sent.Select(n => n["arguments"]!.ToJsonString()));
    }
}
