using Harness.Machines;
using Harness.Processes;
using Harness.Ssh;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Tests.Ssh;

/// <summary>The connection's behaviour without an sshd: retries, probes, the printed command line (OpenSshIntegrationTests has a real sshd).</summary>
public sealed class SshConnectionTests : IAsyncLifetime
{
    private const string HostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN/R+NutPxYbB8MPKI3JCfGAqzx62W11jDSlzrOpMA/W m1 host key";

    private readonly string _dir = Directory.CreateTempSubdirectory("ssh-tests-").FullName;
    private SshKeyPair _clientKey = null!;

    public async Task InitializeAsync() =>
        _clientKey = await SshKeyPair.GenerateAsync(Path.Combine(_dir, "client"), "test client", CancellationToken.None);

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_command_line_for_a_person_pins_the_injected_host_key_through_its_own_known_hosts()
    {
        await using var ssh = Create();

        var line = ssh.CommandLineForHumans;

        var knownHosts = Path.Combine(_dir, "known_hosts");
        Assert.StartsWith("ssh -F /dev/null -i " + _clientKey.PrivateKeyPath, line, StringComparison.Ordinal);
        Assert.Contains("-o StrictHostKeyChecking=yes -o UserKnownHostsFile=" + knownHosts, line, StringComparison.Ordinal);
        Assert.EndsWith("-p 2222 -l core 127.0.0.1", line, StringComparison.Ordinal);
        Assert.Equal(
            "[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN/R+NutPxYbB8MPKI3JCfGAqzx62W11jDSlzrOpMA/W\n",
            await File.ReadAllTextAsync(knownHosts));
    }

    [Fact]
    public async Task The_pinned_key_fingerprint_is_the_one_ssh_keygen_prints()
    {
        var listed = await ProcessRunner.Default.RunAsync(
            new ProcessSpec("ssh-keygen", ["-l", "-E", "sha256", "-f", _clientKey.PrivateKeyPath + ".pub"]), CancellationToken.None);

        var pinned = PinnedHostKey.Parse(_clientKey.PublicKey);

        Assert.Equal("ssh-ed25519", pinned.Type);
        Assert.Contains($" SHA256:{pinned.Fingerprint} test client (ED25519)", listed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_pinned_key_type_and_bytes_match()
    {
        var pinned = PinnedHostKey.Parse(HostKey);

        Assert.True(pinned.Matches("ssh-ed25519", [.. pinned.Blob]));
        Assert.False(pinned.Matches("ecdsa-sha2-nistp256", [.. pinned.Blob]));
        Assert.False(pinned.Matches("ssh-ed25519", [.. pinned.Blob[..^1], (byte)(pinned.Blob[^1] ^ 1)]));
    }

    [Theory]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-ed25519 not-base64!")]
    public void A_pinned_line_that_is_no_public_key_is_rejected_with_the_line(string line)
    {
        var e = Assert.Throws<ArgumentException>(() => PinnedHostKey.Parse(line));

        Assert.Contains(line, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_hosts_lines_use_the_bracket_form_only_for_non_default_ports()
    {
        Assert.Equal("10.0.0.5 ssh-ed25519 AAAA", SshConnection.KnownHostsLine(new SshEndpoint("10.0.0.5", 22), "ssh-ed25519 AAAA comment"));
        Assert.Equal("[127.0.0.1]:2222 ssh-ed25519 AAAA", SshConnection.KnownHostsLine(new SshEndpoint("127.0.0.1", 2222), "ssh-ed25519 AAAA"));
    }

    [Fact]
    public async Task Transient_connect_errors_are_retried_boundedly_and_the_last_one_is_returned_as_exit_255()
    {
        using var sshd = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        sshd.Start(); // a guest's sshd still starting: accepts, then drops the connection before its banner
        var accepted = 0;
        var serve = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await sshd.AcceptTcpClientAsync();
                Interlocked.Increment(ref accepted);
            }
        });
        await using var ssh = Create(s => s with { Endpoint = new SshEndpoint("127.0.0.1", Port(sshd)), TransientAttempts = 3 });

        var result = await ssh.ExecAsync("true", SshExecOptions.Default, CancellationToken.None);

        Assert.Equal(255, result.ExitCode);
        Assert.StartsWith("ssh: SshConnectionException: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, Volatile.Read(ref accepted));
    }

    [Fact]
    public async Task TryConnect_makes_one_attempt_and_reports_what_failed()
    {
        var closed = ClosedPort();
        await using var ssh = Create(s => s with { Endpoint = new SshEndpoint("127.0.0.1", closed) });

        var (connected, observation) = await ssh.TryConnectAsync(probeFirst: true, CancellationToken.None);

        Assert.False(connected);
        Assert.StartsWith("ssh connect failed: SocketException: ", observation, StringComparison.Ordinal);
        Assert.EndsWith("(ConnectionRefused)", observation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryConnect_starts_no_ssh_while_the_endpoint_sends_no_banner()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start(); // accepts (as QEMU's port forward does) but never speaks
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        await using var ssh = Create(s => s with { Endpoint = new SshEndpoint("127.0.0.1", port), ProbeBanner = true, BannerTimeout = TimeSpan.FromMilliseconds(300) });

        var (connected, observation) = await ssh.TryConnectAsync(probeFirst: true, CancellationToken.None);

        Assert.False(connected);
        Assert.Equal($"sshd is not answering yet: no answer from 127.0.0.1:{port} within 0.3 s", observation);
    }

    [Fact]
    public async Task TryConnect_leaves_sshd_alone_while_the_guest_network_is_silent()
    {
        using var sshd = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        sshd.Start();
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start(); // accepts, as QEMU's forward does for a guest whose network is not up yet, and never answers
        var endpoint = new SshEndpoint("127.0.0.1", Port(sshd)) { NetworkProbePort = Port(probe) };
        await using var ssh = Create(s => s with { Endpoint = endpoint, ProbeBanner = true, BannerTimeout = TimeSpan.FromMilliseconds(300) });

        var (connected, observation) = await ssh.TryConnectAsync(probeFirst: true, CancellationToken.None);

        Assert.False(connected);
        Assert.Equal($"the guest's network does not answer yet: no answer from 127.0.0.1:{Port(probe)} within 0.3 s", observation);
        Assert.False(sshd.Pending(), "the probe connected to sshd's port while the guest's network was silent");
    }

    [Fact]
    public async Task TryConnect_asks_sshd_once_the_closed_probe_port_answers()
    {
        using var sshd = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        sshd.Start();
        var closed = ClosedPort(); // a refusal is the guest's network answering
        var endpoint = new SshEndpoint("127.0.0.1", Port(sshd)) { NetworkProbePort = closed };
        // 2 s, not 0.3: on a loaded host the refusal itself can take longer than 0.3 s to arrive (seen in CI).
        await using var ssh = Create(s => s with { Endpoint = endpoint, ProbeBanner = true, BannerTimeout = TimeSpan.FromSeconds(2) });

        var (connected, observation) = await ssh.TryConnectAsync(probeFirst: true, CancellationToken.None);

        Assert.False(connected);
        Assert.Equal($"sshd is not answering yet: no answer from 127.0.0.1:{Port(sshd)} within 2 s", observation);
        Assert.True(sshd.Pending(), "sshd's port was not probed after the guest's network answered");
    }

    [Fact]
    public async Task A_probe_port_silent_for_the_whole_grace_is_skipped_from_then_on()
    {
        using var sshd = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        sshd.Start();
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start(); // a guest whose firewall drops the probe port
        var endpoint = new SshEndpoint("127.0.0.1", Port(sshd)) { NetworkProbePort = Port(probe) };
        await using var ssh = Create(s => s with
        {
            Endpoint = endpoint, ProbeBanner = true, BannerTimeout = TimeSpan.FromMilliseconds(200), NetworkProbeGrace = TimeSpan.FromMilliseconds(300),
        });

        var (_, first) = await ssh.TryConnectAsync(probeFirst: true, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(150));
        var (_, second) = await ssh.TryConnectAsync(probeFirst: true, CancellationToken.None);
        var (_, third) = await ssh.TryConnectAsync(probeFirst: true, CancellationToken.None);

        Assert.StartsWith("the guest's network does not answer yet", first, StringComparison.Ordinal);
        Assert.StartsWith("sshd is not answering yet", second, StringComparison.Ordinal);
        Assert.StartsWith("sshd is not answering yet", third, StringComparison.Ordinal);
    }

    private static int Port(System.Net.Sockets.TcpListener listener) => ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = Port(listener);
        listener.Stop();
        return port;
    }

    private SshConnection Create(Func<SshConnectionSettings, SshConnectionSettings>? change = null)
    {
        var settings = new SshConnectionSettings(
            "m1",
            new SshEndpoint("127.0.0.1", 2222),
            _clientKey,
            HostKey,
            _dir)
        {
            TransientDelay = TimeSpan.Zero,
            ProbeBanner = false, // SshBannerTests cover the probe
        };
        return new SshConnection(change?.Invoke(settings) ?? settings, TimeProvider.System, NullLogger.Instance);
    }
}
