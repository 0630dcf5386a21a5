using System.Globalization;

namespace Harness.Machines;

/// <summary>
/// A private network between the machines of one test (a cluster): an IPv4 /24 subnet whose addresses and MAC
/// addresses the harness assigns, so tests can render configs (an etcd initial cluster) before anything boots.
/// The platform decides the transport (QEMU: a socket netdev on a multicast group on the host's loopback, one group and
/// port per network, so clusters never see each other and nothing leaves the host). Immutable.
/// </summary>
public sealed record PrivateNetwork
{
    /// <summary>Prefix length of every private subnet.</summary>
    public const int PrefixLength = 24;

    /// <summary>Most machines one network holds (host numbers 11…254).</summary>
    public const int MaxMachines = 244;

    private const int FirstHost = 11;

    private PrivateNetwork(int key, IReadOnlyList<PrivateNic> nics)
    {
        Key = key;
        Nics = nics;
    }

    /// <summary>
    /// A 24-bit number that identifies this network on the host (QEMU derives the multicast group and port from it);
    /// its two high bytes are the subnet's middle octets: <c>10.&lt;Key&gt;&gt;16&gt;.&lt;(Key&gt;&gt;8)&amp;255&gt;.0/24</c>.
    /// </summary>
    public int Key { get; }

    /// <summary>The subnet in CIDR form (<c>10.23.187.0/24</c>).</summary>
    public string Subnet => $"{SubnetPrefix}.0/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>One network interface per machine, in machine order (<c>m1</c> first).</summary>
    public IReadOnlyList<PrivateNic> Nics { get; }

    private string SubnetPrefix => $"10.{Octet(Key >> 16)}.{Octet(Key >> 8)}";

    /// <summary>
    /// A network for <paramref name="machines"/> machines with a random key (so parallel runs and tests on one host get
    /// different multicast groups and subnets). Machine <c>i</c> (0-based) gets <c>10.a.b.(11+i)</c> and MAC
    /// <c>52:54:01:a:b:(11+i)</c> (locally administered).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="machines"/> is not within 1…<see cref="MaxMachines"/>.</exception>
    public static PrivateNetwork Create(int machines, Random? random = null) =>
        FromKey((random ?? Random.Shared).Next(1, 1 << 24), machines);

    /// <summary>The network with key <paramref name="key"/> (deterministic; for tests of the harness).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static PrivateNetwork FromKey(int key, int machines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(key, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(key, 1 << 24);
        ArgumentOutOfRangeException.ThrowIfLessThan(machines, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(machines, MaxMachines);
        var prefix = $"10.{Octet(key >> 16)}.{Octet(key >> 8)}";
        var macPrefix = $"52:54:01:{Hex(key >> 16)}:{Hex(key >> 8)}";
        var nics = new List<PrivateNic>();
        for (var i = 0; i < machines; i++)
        {
            var host = FirstHost + i;
            nics.Add(new PrivateNic(key, i, $"{macPrefix}:{Hex(host)}", $"{prefix}.{Octet(host)}", PrefixLength));
        }

        return new PrivateNetwork(key, nics);
    }

    private static string Octet(int value) => (value & 0xff).ToString(CultureInfo.InvariantCulture);

    private static string Hex(int value) => (value & 0xff).ToString("x2", CultureInfo.InvariantCulture);
}
