using Harness.Ignition;
using Harness.Machines;

namespace Harness.Tests.Machines;

public sealed class PrivateNetworkTests
{
    [Fact]
    public void Addresses_and_macs_follow_the_key_and_the_machine_order()
    {
        var network = PrivateNetwork.FromKey(0x17bb05, 3);

        Assert.Equal("10.23.187.0/24", network.Subnet);
        Assert.Equal(["10.23.187.11", "10.23.187.12", "10.23.187.13"], network.Nics.Select(n => n.Address));
        Assert.Equal(["52:54:01:17:bb:0b", "52:54:01:17:bb:0c", "52:54:01:17:bb:0d"], network.Nics.Select(n => n.MacAddress));
        Assert.All(network.Nics, n => Assert.Equal(0x17bb05, n.NetworkKey));
        Assert.Equal([0, 1, 2], network.Nics.Select(n => n.Index));
    }

    [Fact]
    public void Random_networks_differ_and_stay_in_range()
    {
        var random = new Random(7);
        var keys = Enumerable.Range(0, 50).Select(_ => PrivateNetwork.Create(2, random).Key).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(keys, k => Assert.InRange(k, 1, (1 << 24) - 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PrivateNetwork.MaxMachines + 1)]
    public void Machine_counts_outside_the_subnet_are_refused(int machines)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PrivateNetwork.FromKey(1, machines));
    }

    [Fact]
    public void The_guest_config_matches_the_mac_sets_the_static_address_and_turns_off_ipv6()
    {
        var nic = PrivateNetwork.FromKey(0x010203, 2).Nics[1];

        var config = nic.AddTo(IgnitionConfig.Empty);

        var file = Assert.Single(config.Files);
        Assert.Equal(PrivateNic.NetworkdPath, file.Path);
        Assert.True(file.Overwrite);
        var text = nic.NetworkdText();
        Assert.Contains("MACAddress=52:54:01:01:02:0c\n", text, StringComparison.Ordinal);
        Assert.Contains("Address=10.1.2.12/24\n", text, StringComparison.Ordinal);
        Assert.Contains("LinkLocalAddressing=no\n", text, StringComparison.Ordinal);
        Assert.Contains("IgnoreCarrierLoss=yes\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Gateway", text, StringComparison.Ordinal);
    }
}
