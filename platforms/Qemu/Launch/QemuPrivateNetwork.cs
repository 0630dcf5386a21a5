using System.Globalization;
using Harness.Machines;

namespace Harness.Platforms.Qemu;

/// <summary>
/// How QEMU carries a <see cref="PrivateNetwork"/> without root: a second virtio NIC on a <c>socket</c> netdev that
/// joins a UDP multicast group on the host's loopback (<c>localaddr=127.0.0.1</c>, so frames never leave the host).
/// Group and port come from the network's 24-bit key, so each cluster has its own and clusters never see each other.
/// </summary>
internal static class QemuPrivateNetwork
{
    /// <summary>QEMU id of the private netdev (QMP <c>set_link</c> names it).</summary>
    public const string NetdevId = "net1";

    private const int FirstPort = 20000;
    private const int PortRange = 40000;

    /// <summary>The multicast group (<c>230.a.b.c</c>, administratively scoped range) of the network with <paramref name="key"/>.</summary>
    public static string Group(int key) =>
        string.Create(CultureInfo.InvariantCulture, $"230.{(key >> 16) & 0xff}.{(key >> 8) & 0xff}.{key & 0xff}");

    /// <summary>The UDP port (20000…59999) of the network with <paramref name="key"/>.</summary>
    public static int Port(int key) => FirstPort + (key % PortRange);

    /// <summary>The <c>-netdev</c> and <c>-device</c> arguments for <paramref name="nic"/>.</summary>
    public static IReadOnlyList<string> Arguments(PrivateNic nic)
    {
        ArgumentNullException.ThrowIfNull(nic);
        var port = Port(nic.NetworkKey).ToString(CultureInfo.InvariantCulture);
        return
        [
            "-netdev", $"socket,id={NetdevId},mcast={Group(nic.NetworkKey)}:{port},localaddr=127.0.0.1",
            "-device", $"virtio-net-pci,netdev={NetdevId},mac={nic.MacAddress},romfile=",
        ];
    }
}
