using System.Net.Sockets;
using Renci.SshNet.Common;

namespace Harness.Ssh;

/// <summary>What kind of failure an SSH.NET exception is, by its type (no message matching).</summary>
internal static class SshFailures
{
    /// <summary>
    /// Connect-phase errors worth retrying while the machine's sshd comes up or restarts: a refused, reset or unreachable
    /// socket, a connection dropped during the handshake, a connect timeout. Not: authentication, a host key mismatch,
    /// cancellation by the caller.
    /// </summary>
    public static bool IsTransient(Exception e, CancellationToken callerToken) => e switch
    {
        SshHostKeyMismatchException or SshAuthenticationException => false,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => IsTransport(e),
    };

    /// <summary>A failure of the connection itself (the transport), as opposed to the command or the caller.</summary>
    public static bool IsTransport(Exception e) =>
        e is SshConnectionException or SshOperationTimeoutException or SocketException or IOException or ObjectDisposedException or ProxyException;

    /// <summary>Any failure to connect that is reported as an observation rather than thrown: all but a host key mismatch and cancellation by the caller.</summary>
    public static bool IsConnectFailure(Exception e, CancellationToken callerToken) => e switch
    {
        SshHostKeyMismatchException => false,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => IsTransport(e) || e is SshAuthenticationException,
    };

    /// <summary>One line for logs and results: the exception's type and message, and its socket error if any.</summary>
    public static string Describe(Exception e)
    {
        var socket = e as SocketException ?? e.InnerException as SocketException;
        var detail = socket is null ? "" : $" ({socket.SocketErrorCode})";
        return $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}{detail}";
    }
}
