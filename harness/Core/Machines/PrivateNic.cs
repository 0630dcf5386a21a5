using System.Globalization;
using Harness.Ignition;

namespace Harness.Machines;

/// <summary>
/// One machine's interface on a <see cref="PrivateNetwork"/>: the MAC address the platform gives the second NIC and
/// the static IPv4 address the guest configures on it (through a systemd-networkd file the harness adds to the
/// machine's Ignition config, matched by that MAC).
/// </summary>
/// <param name="NetworkKey">The network's <see cref="PrivateNetwork.Key"/> (the platform's transport is derived from it).</param>
/// <param name="Index">0-based position of the machine in the network.</param>
/// <param name="MacAddress">MAC address, lower-case, colon separated (<c>52:54:01:17:bb:0b</c>).</param>
/// <param name="Address">IPv4 address without prefix (<c>10.23.187.11</c>).</param>
/// <param name="PrefixLength">Subnet prefix length (24).</param>
public sealed record PrivateNic(int NetworkKey, int Index, string MacAddress, string Address, int PrefixLength)
{
    /// <summary>Where the harness writes the guest's network configuration for this interface.</summary>
    public const string NetworkdPath = "/etc/systemd/network/00-harness-private.network";

    /// <summary>
    /// The systemd-networkd configuration: match by MAC, the static address, no IPv6 and no link-local addressing
    /// (a multicast transport loops a guest's own frames back to it, which IPv6 duplicate address detection would
    /// take for a conflict), no default route (the first NIC keeps it), and the address kept while the link is cut
    /// (<c>IgnoreCarrierLoss</c>), so <c>BlockNetworkAsync</c> acts like a pulled cable, not a reconfiguration.
    /// </summary>
    public string NetworkdText() =>
        "# Written by the harness: this machine's interface on the test's private network.\n"
        + "[Match]\n"
        + $"MACAddress={MacAddress}\n\n"
        + "[Link]\nRequiredForOnline=no\n\n"
        + "[Network]\n"
        + $"Address={Address}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}\n"
        + "LinkLocalAddressing=no\nIPv6AcceptRA=no\nDHCP=no\nIgnoreCarrierLoss=yes\n";

    /// <summary><paramref name="config"/> plus <see cref="NetworkdPath"/> (mode 0644, root-owned, overwriting).</summary>
    public IgnitionConfig AddTo(IgnitionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var root = IgnitionOwner.FromId(0);
        return config.WithFile(new IgnitionFile(NetworkdPath)
        {
            Contents = IgnitionResource.FromText(NetworkdText()),
            Mode = 0b110_100_100,
            User = root,
            Group = root,
            Overwrite = true,
        });
    }
}
