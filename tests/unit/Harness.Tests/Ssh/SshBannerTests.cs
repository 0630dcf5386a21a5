using System.Net;
using System.Net.Sockets;
using Harness.Machines;
using Harness.Ssh;

namespace Harness.Tests.Ssh;

/// <summary>The banner probe that decides when starting <c>ssh</c> is worth it.</summary>
public sealed class SshBannerTests
{
    [Fact]
    public async Task Reads_the_identification_line()
    {
        using var listener = Listen(out var port);
        var serve = Serve(listener, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");

        var (banner, observation) = await SshBanner.ReadAsync(new SshEndpoint("127.0.0.1", port), TimeSpan.FromSeconds(5), CancellationToken.None);
        await serve;

        Assert.Equal("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", banner);
        Assert.Equal($"127.0.0.1:{port} sent SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", observation);
    }

    [Fact]
    public async Task Something_else_than_sshd_is_not_ready()
    {
        using var listener = Listen(out var port);
        var serve = Serve(listener, "HTTP/1.1 400 Bad Request\r\n");

        var (banner, observation) = await SshBanner.ReadAsync(new SshEndpoint("127.0.0.1", port), TimeSpan.FromSeconds(5), CancellationToken.None);
        await serve;

        Assert.Null(banner);
        Assert.Equal($"127.0.0.1:{port} sent 'HTTP/1.1 400 Bad Request', not an SSH banner", observation);
    }

    [Fact]
    public async Task A_connection_closed_without_a_banner_is_not_ready()
    {
        using var listener = Listen(out var port);
        var serve = Serve(listener, "");

        var (banner, observation) = await SshBanner.ReadAsync(new SshEndpoint("127.0.0.1", port), TimeSpan.FromSeconds(5), CancellationToken.None);
        await serve;

        Assert.Null(banner);
        Assert.Contains("closed the connection before sending an SSH banner", observation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_is_not_ready_and_does_not_throw()
    {
        int port;
        using (var listener = Listen(out port))
        {
            listener.Stop();
        }

        var (banner, observation) = await SshBanner.ReadAsync(new SshEndpoint("127.0.0.1", port), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Null(banner);
        Assert.StartsWith($"127.0.0.1:{port}: ", observation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_and_a_close_are_answers_silence_is_not()
    {
        int closed;
        using (var gone = Listen(out closed))
        {
            gone.Stop();
        }

        using var closing = Listen(out var closingPort);
        var serve = Serve(closing, "");
        using var silent = Listen(out var silentPort); // accepts (the kernel's backlog) and never answers

        var refused = await SshBanner.ProbeAsync(new SshEndpoint("127.0.0.1", closed), TimeSpan.FromSeconds(5), CancellationToken.None);
        var closedByPeer = await SshBanner.ProbeAsync(new SshEndpoint("127.0.0.1", closingPort), TimeSpan.FromSeconds(5), CancellationToken.None);
        await serve;
        var silence = await SshBanner.ProbeAsync(new SshEndpoint("127.0.0.1", silentPort), TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.True(refused.Answered, refused.Observation);
        Assert.True(closedByPeer.Answered, closedByPeer.Observation);
        Assert.False(silence.Answered, silence.Observation);
        Assert.Equal($"no answer from 127.0.0.1:{silentPort} within 0.3 s", silence.Observation);
        Assert.Null(refused.Banner ?? closedByPeer.Banner ?? silence.Banner);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_swallowed()
    {
        using var listener = Listen(out var port);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SshBanner.ReadAsync(new SshEndpoint("127.0.0.1", port), TimeSpan.FromSeconds(30), cancel.Token));
    }

    private static TcpListener Listen(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    private static Task Serve(TcpListener listener, string text) => Task.Run(async () =>
    {
        using var client = await listener.AcceptTcpClientAsync();
        if (text.Length > 0)
        {
            await client.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(text));
        }
    });
}
