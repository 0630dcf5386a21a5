using Harness.Failures;
using Harness.Ignition;
using Harness.Machines;

namespace Harness.Tests.Machines;

public sealed class MachinePrivateNetworkTests : IDisposable
{
    private readonly MachineFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task A_machine_on_a_private_network_gets_its_nic_and_the_guest_network_file()
    {
        _f.Platform.Capabilities |= PlatformCapabilities.PrivateNetwork;
        var nic = PrivateNetwork.FromKey(0x0a0b0c, 3).Nics[2];

        await using var vm = await _f.StartAsync(MachineSpec.Default.WithPrivateNic(nic));

        var launch = Assert.Single(_f.Platform.Launches);
        Assert.Equal(nic, launch.PrivateNic);
        var file = Assert.Single(IgnitionConfig.Parse(launch.IgnitionJson).Files, f => f.Path == PrivateNic.NetworkdPath);
        Assert.Equal(nic.NetworkdText(), System.Text.Encoding.UTF8.GetString(file.Contents!.DecodeData()!));
        Assert.Equal("10.10.11.13", vm.PrivateAddress);
    }

    [Fact]
    public async Task Block_and_unblock_change_the_link_through_the_platform()
    {
        _f.Platform.Capabilities |= PlatformCapabilities.PrivateNetwork;
        await using var vm = await _f.StartAsync(MachineSpec.Default.WithPrivateNic(PrivateNetwork.FromKey(5, 1).Nics[0]));

        await vm.BlockNetworkAsync();
        await vm.UnblockNetworkAsync();

        Assert.Equal([false, true], _f.Backend.LinkChanges);
    }

    [Fact]
    public async Task Without_a_private_network_block_says_how_to_get_one()
    {
        _f.Platform.Capabilities |= PlatformCapabilities.PrivateNetwork;
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => vm.BlockNetworkAsync());

        Assert.Contains("has no private network", e.Message, StringComparison.Ordinal);
        Assert.Null(vm.PrivateAddress);
        Assert.Empty(_f.Backend.LinkChanges);
    }

    [Fact]
    public async Task A_platform_without_private_networks_refuses_before_creating_anything()
    {
        var spec = MachineSpec.Default.WithPrivateNic(PrivateNetwork.FromKey(5, 1).Nics[0]);

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => _f.StartAsync(spec));

        Assert.Contains("Requires = PlatformCapabilities.PrivateNetwork", e.Message, StringComparison.Ordinal);
        Assert.Empty(_f.Platform.Launches);
    }
}
