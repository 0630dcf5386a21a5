using System.Net.Sockets;
using System.Text;
using Harness.Machines;

namespace Harness.Ssh;

/// <summary>
/// A cheap readiness probe: open a TCP connection to sshd and read its identification line (<c>SSH-2.0-…</c>). Behind
/// QEMU's user-network port forward the host side always accepts at once, and while the guest is still booting the
/// connection just hangs; an SSH client would then sit out its whole connect timeout (20 s) before the next attempt,
/// so a guest whose sshd came up just after an attempt started was noticed up to 20 s late. Reading the banner with a
/// short limit first, and connecting only once it arrived, notices it within a few seconds.
/// </summary>
public static class SshBanner
{
    /// <summary>
    /// Connects to <paramref name="endpoint"/> and reads the first line within <paramref name="timeout"/>. Returns
    /// the line when it is an SSH identification (<c>SSH-…</c>), otherwise null; the observation says what was seen.
    /// Network errors are observations, never exceptions; cancellation by <paramref name="cancellationToken"/> throws.
    /// </summary>
    public static async Task<(string? Banner, string Observation)> ReadAsync(SshEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probe = await ProbeAsync(endpoint, timeout, cancellationToken);
        return (probe.Banner, probe.Observation);
    }

    /// <summary>
    /// Like <see cref="ReadAsync"/>, and also says whether anything answered within <paramref name="timeout"/>: a
    /// line, a close, a reset or a refusal all mean a network stack is up behind the endpoint; silence, an unreachable
    /// network or a failed connect do not.
    /// </summary>
    public static async Task<PortProbe> ProbeAsync(SshEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var where = $"{endpoint.Host}:{endpoint.Port}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token);
            var stream = client.GetStream();
            var line = new StringBuilder();
            var buffer = new byte[256];
            while (line.Length < 255)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    return new PortProbe(null, true, $"{where} closed the connection before sending an SSH banner (sshd not listening yet)");
                }

                line.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var end = line.ToString().IndexOf('\n', StringComparison.Ordinal);
                if (end >= 0)
                {
                    var first = line.ToString(0, end).TrimEnd('\r');
                    return first.StartsWith("SSH-", StringComparison.Ordinal)
                        ? new PortProbe(first, true, $"{where} sent {first}")
                        : new PortProbe(null, true, $"{where} sent '{first}', not an SSH banner");
                }
            }

            return new PortProbe(null, true, $"{where} sent 255 bytes without a line end, not an SSH banner");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PortProbe(null, false, $"no answer from {where} within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            var error = (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode;
            return new PortProbe(null, error is SocketError.ConnectionRefused or SocketError.ConnectionReset, $"{where}: {e.Message}");
        }
    }
}

/// <summary>What one <see cref="SshBanner.ProbeAsync"/> saw.</summary>
/// <param name="Banner">sshd's identification line, or null.</param>
/// <param name="Answered">Something answered: a line, a close, a reset or a refusal.</param>
/// <param name="Observation">What was seen, for logs and timeout messages.</param>
public readonly record struct PortProbe(string? Banner, bool Answered, string Observation);
