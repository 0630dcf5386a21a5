using System.Net;
using System.Net.Sockets;

namespace Harness.Platforms.Qemu;

/// <summary>Picks loopback TCP ports for QEMU's SSH forward.</summary>
internal static class FreePort
{
    /// <summary>
    /// A port that was free on 127.0.0.1 a moment ago (bind to port 0, read, close). Another process may take it
    /// before QEMU binds it: callers retry with a new port when QEMU cannot set up the forward.
    /// </summary>
    public static int PickLoopback()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>True when QEMU's output says the host forward could not be set up (port taken).</summary>
    public static bool IsForwardFailure(string qemuOutput) =>
        qemuOutput.Contains("Could not set up host forwarding rule", StringComparison.OrdinalIgnoreCase)
        || (qemuOutput.Contains("hostfwd", StringComparison.OrdinalIgnoreCase) && qemuOutput.Contains("in use", StringComparison.OrdinalIgnoreCase));
}
