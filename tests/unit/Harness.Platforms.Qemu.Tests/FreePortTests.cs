using System.Net;
using System.Net.Sockets;

namespace Harness.Platforms.Qemu.Tests;

public sealed class FreePortTests
{
    [Fact]
    public void A_picked_port_can_be_bound_on_loopback()
    {
        var port = FreePort.PickLoopback();

        Assert.InRange(port, 1024, 65535);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }

    [Fact]
    public void Successive_picks_differ()
    {
        var ports = Enumerable.Range(0, 5).Select(_ => FreePort.PickLoopback()).ToHashSet();

        Assert.True(ports.Count >= 4);
    }

    [Fact]
    public void Qemus_forward_failure_is_recognised()
    {
        Assert.True(FreePort.IsForwardFailure("qemu-system-x86_64: -netdev user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22: Could not set up host forwarding rule 'tcp:127.0.0.1:2222-:22'"));
        Assert.False(FreePort.IsForwardFailure("qemu-system-x86_64: -drive if=pflash: Could not open '/x': No such file or directory"));
    }
}
