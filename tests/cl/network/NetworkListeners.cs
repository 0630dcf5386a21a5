using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Network;

/// <summary>
/// cl.network.listeners (kola: <c>cl.network.listeners</c>, flatcar/mantle kola/tests/misc/network.go): with docker
/// started (kola's config enables <c>docker.service</c> to see the docker stack's listeners; here
/// <c>network/listeners.sh</c> starts it on the default machine), nothing listens on a TCP or UDP port but what listens
/// on Flatcar: sshd's socket held by systemd (<c>sshd.socket</c>, per-connection sshd), systemd-networkd's DHCP clients,
/// systemd-resolved's stub, systemd-timesyncd's NTP client ports and containerd's streaming API. kola reads
/// <c>netstat -plutn</c>; the script reads <c>ss -tulpn</c> (iproute2, on Flatcar and the contract image alike) and
/// compares the kernel's 15-character process names.
/// </summary>
public sealed class NetworkListeners
{
    /// <summary>kola's <c>expectedListeners</c> (PROTO:PORT:PROCESS, port <c>*</c> for any).</summary>
    private static readonly string[] FlatcarListeners =
    [
        "tcp:22:systemd",           // sshd.socket
        "udp:68:systemd-networkd",  // DHCPv4 client
        "udp:546:systemd-networkd", // DHCPv6 client
        "tcp:53:systemd-resolved",  // DNS stub
        "udp:53:systemd-resolved",
        "udp:*:systemd-timesyncd",  // NTP client, random ports
        "tcp:*:containerd",         // CRI streaming API
    ];

    [OsTest("cl.network.listeners")]
    public async Task Nothing_listens_but_what_listens_on_flatcar()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);

        var sockets = await vm.ScriptValuesAsync("network/listeners.sh", FlatcarListeners);

        var unexpected = sockets.All("unexpected");
        Assert.True(sockets.All("listening").Count > 0, "ss -tulpn showed no listening socket at all, not even sshd's");
        Assert.True(unexpected.Count == 0,
            $"listeners Flatcar does not have:\n  {string.Join("\n  ", unexpected)}\nall listeners:\n  {string.Join("\n  ", sockets.All("listening"))}");
    }
}
