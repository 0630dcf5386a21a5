using Harness.Machines;
using Harness.Processes;
using Harness.Ssh;
using Harness.Tests.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Tests.Ssh;

public sealed class SshConnectionTests : IDisposable
{
    private const string HostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN/R+NutPxYbB8MPKI3JCfGAqzx62W11jDSlzrOpMA/W m1 host key";
    private const string Refused = "ssh: connect to host 127.0.0.1 port 2222: Connection refused\n";
    private const string Mismatch = "@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("ssh-tests-").FullName;
    private readonly FakeProcessRunner _runner = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Commands_run_through_the_master_with_a_pinned_host_key_and_no_user_config()
    {
        await using var ssh = Create();

        var result = await ssh.ExecAsync("stat -c '%a' /etc/hello", SshExecOptions.Default, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("stat -c '%a' /etc/hello", result.Command);
        var master = _runner.Calls[0].Arguments;
        Assert.Equal(["-o", "ControlMaster=yes", "-o", "ControlPersist=yes", "-f", "-N"], master.Take(6));
        var exec = _runner.Calls[^1].Arguments;
        Assert.Equal("stat -c '%a' /etc/hello", exec[^1]);
        Assert.Equal(["-p", "2222", "-l", "core", "127.0.0.1"], exec.SkipLast(1).TakeLast(5));
        foreach (var option in new[]
        {
            "ControlMaster=no", "StrictHostKeyChecking=yes", "GlobalKnownHostsFile=/dev/null", "BatchMode=yes",
            "IdentitiesOnly=yes", "LogLevel=ERROR", "HostKeyAlgorithms=ssh-ed25519", "ConnectTimeout=20", "ServerAliveInterval=10",
        })
        {
            Assert.Contains(option, exec);
        }

        Assert.Contains("/dev/null", exec.SkipWhile(a => a != "-F").Take(2));
        Assert.Contains(exec, a => a.StartsWith("ControlPath=", StringComparison.Ordinal) && a.Length < 100);
        Assert.Equal(
            "[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN/R+NutPxYbB8MPKI3JCfGAqzx62W11jDSlzrOpMA/W\n",
            await File.ReadAllTextAsync(Path.Combine(_dir, "known_hosts")));
    }

    [Fact]
    public void Known_hosts_lines_use_the_bracket_form_only_for_non_default_ports()
    {
        Assert.Equal("10.0.0.5 ssh-ed25519 AAAA", SshConnection.KnownHostsLine(new SshEndpoint("10.0.0.5", 22), "ssh-ed25519 AAAA comment"));
        Assert.Equal("[127.0.0.1]:2222 ssh-ed25519 AAAA", SshConnection.KnownHostsLine(new SshEndpoint("127.0.0.1", 2222), "ssh-ed25519 AAAA"));
    }

    [Fact]
    public async Task Transient_connect_errors_are_retried_then_the_command_runs()
    {
        _runner.Once(IsMasterOpen, FakeProcessRunner.Exit(255, Refused))
            .Once(IsMasterOpen, FakeProcessRunner.Exit(255, "kex_exchange_identification: read: Connection reset by peer\n"))
            .On(IsExec, _ => FakeProcessRunner.Ok("hi\n"));
        await using var ssh = Create();

        var result = await ssh.ExecAsync("echo hi", SshExecOptions.Default, CancellationToken.None);

        Assert.Equal("hi\n", result.Stdout);
        Assert.Equal(3, _runner.Calls.Count(IsMasterOpen));
    }

    [Fact]
    public async Task Transient_retries_are_bounded_and_the_last_error_is_returned_as_exit_255()
    {
        _runner.On(IsMasterOpen, _ => FakeProcessRunner.Exit(255, Refused));
        await using var ssh = Create(s => s with { TransientAttempts = 3 });

        var result = await ssh.ExecAsync("true", SshExecOptions.Default, CancellationToken.None);

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Connection refused", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, _runner.Calls.Count(IsMasterOpen));
        Assert.DoesNotContain(_runner.Calls, IsExec);
    }

    [Fact]
    public async Task A_host_key_mismatch_is_never_retried_and_says_what_it_means()
    {
        _runner.On(IsMasterOpen, _ => FakeProcessRunner.Exit(255, Mismatch));
        await using var ssh = Create();

        var e = await Assert.ThrowsAsync<SshHostKeyMismatchException>(() => ssh.ExecAsync("true", SshExecOptions.Default, CancellationToken.None));

        Assert.StartsWith(
            "host key of m1 (127.0.0.1:2222) does not match the key injected through Ignition — possible MITM or the image ignored the injected key",
            e.Message,
            StringComparison.Ordinal);
        Assert.Contains("Host key verification failed.", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<InfrastructureException>(e);
        Assert.Single(_runner.Calls, IsMasterOpen);
    }

    [Fact]
    public async Task TryConnect_makes_one_attempt_and_reports_what_failed()
    {
        _runner.On(IsMasterOpen, _ => FakeProcessRunner.Exit(255, Refused));
        await using var ssh = Create();

        var (connected, observation) = await ssh.TryConnectAsync(CancellationToken.None);

        Assert.False(connected);
        Assert.Equal("ssh exited 255: ssh: connect to host 127.0.0.1 port 2222: Connection refused", observation);
        Assert.Single(_runner.Calls, IsMasterOpen);
    }

    [Fact]
    public async Task TryConnect_starts_no_ssh_while_the_endpoint_sends_no_banner()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start(); // accepts (as QEMU's port forward does) but never speaks
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        await using var ssh = Create(s => s with { Endpoint = new SshEndpoint("127.0.0.1", port), ProbeBanner = true, BannerTimeout = TimeSpan.FromMilliseconds(300) });

        var (connected, observation) = await ssh.TryConnectAsync(CancellationToken.None);

        Assert.False(connected);
        Assert.Equal($"sshd is not answering yet: no answer from 127.0.0.1:{port} within 0.3 s", observation);
        Assert.Empty(_runner.Calls);
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

        var (connected, observation) = await ssh.TryConnectAsync(CancellationToken.None);

        Assert.False(connected);
        Assert.Equal($"the guest's network does not answer yet: no answer from 127.0.0.1:{Port(probe)} within 0.3 s", observation);
        Assert.False(sshd.Pending(), "the probe connected to sshd's port while the guest's network was silent");
        Assert.Empty(_runner.Calls);
    }

    [Fact]
    public async Task TryConnect_asks_sshd_once_the_closed_probe_port_answers()
    {
        using var sshd = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        sshd.Start();
        var closed = ClosedPort(); // a refusal is the guest's network answering
        var endpoint = new SshEndpoint("127.0.0.1", Port(sshd)) { NetworkProbePort = closed };
        await using var ssh = Create(s => s with { Endpoint = endpoint, ProbeBanner = true, BannerTimeout = TimeSpan.FromMilliseconds(300) });

        var (connected, observation) = await ssh.TryConnectAsync(CancellationToken.None);

        Assert.False(connected);
        Assert.Equal($"sshd is not answering yet: no answer from 127.0.0.1:{Port(sshd)} within 0.3 s", observation);
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

        var (_, first) = await ssh.TryConnectAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(150));
        var (_, second) = await ssh.TryConnectAsync(CancellationToken.None);
        var (_, third) = await ssh.TryConnectAsync(CancellationToken.None);

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

    [Fact]
    public async Task TryConnect_opens_the_master_once_the_banner_arrived()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"u8.ToArray());
        });
        _runner.On(IsMasterOpen, _ => FakeProcessRunner.Ok(""));
        await using var ssh = Create(s => s with { Endpoint = new SshEndpoint("127.0.0.1", port), ProbeBanner = true });

        var (connected, observation) = await ssh.TryConnectAsync(CancellationToken.None);
        await serve;

        Assert.True(connected, observation);
        Assert.Single(_runner.Calls, IsMasterOpen);
    }

    [Fact]
    public async Task A_transport_failure_before_the_command_started_reconnects_once_and_reruns_it()
    {
        _runner.Once(IsExec, FakeProcessRunner.Exit(255, "mux_client_request_session: read from master failed: Broken pipe\n"))
            .On(IsExec, _ => FakeProcessRunner.Ok("second\n"));
        await using var ssh = Create();

        var result = await ssh.ExecAsync("echo second", SshExecOptions.Default, CancellationToken.None);

        Assert.Equal("second\n", result.Stdout);
        Assert.Equal(2, _runner.Calls.Count(IsMasterOpen));
        Assert.Equal(2, _runner.Calls.Count(IsExec));
    }

    [Fact]
    public async Task A_connection_lost_while_the_command_ran_is_not_rerun()
    {
        _runner.On(IsExec, _ => FakeProcessRunner.Exit(255, "Connection to 127.0.0.1 closed by remote host.\n"));
        await using var ssh = Create();

        var result = await ssh.ExecAsync("sudo systemctl reboot", SshExecOptions.Default, CancellationToken.None);

        Assert.Equal(255, result.ExitCode);
        Assert.Single(_runner.Calls, IsExec);
    }

    [Fact]
    public async Task A_command_exiting_255_by_itself_is_returned_verbatim()
    {
        _runner.On(IsExec, _ => FakeProcessRunner.Exit(255, "my own error\n", "partial\n"));
        await using var ssh = Create();

        var result = await ssh.ExecAsync("exit 255", SshExecOptions.Default, CancellationToken.None);

        Assert.Equal((255, "partial\n", "my own error\n"), (result.ExitCode, result.Stdout, result.Stderr));
        Assert.Single(_runner.Calls, IsExec);
    }

    [Fact]
    public async Task Stdin_and_stdout_files_and_the_timeout_reach_the_ssh_process()
    {
        await using var ssh = Create();

        await ssh.ExecAsync(
            "cat > /tmp/x",
            SshExecOptions.Default with { StdinFile = "/local/in", StdoutFile = "/local/out", Timeout = TimeSpan.FromSeconds(7) },
            CancellationToken.None);

        var spec = _runner.Calls.Single(IsExec);
        Assert.Equal(("/local/in", "/local/out", TimeSpan.FromSeconds(7)), (spec.StdinFile, spec.StdoutFile, spec.Timeout));
    }

    private static bool IsMasterOpen(ProcessSpec spec) => spec.Arguments.Contains("ControlMaster=yes");

    private static bool IsExec(ProcessSpec spec) => spec.Arguments.Contains("ControlMaster=no");

    private SshConnection Create(Func<SshConnectionSettings, SshConnectionSettings>? change = null)
    {
        var settings = new SshConnectionSettings(
            "m1",
            new SshEndpoint("127.0.0.1", 2222),
            new SshKeyPair("/keys/id_ed25519", "ssh-ed25519 AAAAclient run"),
            HostKey,
            _dir)
        {
            TransientDelay = TimeSpan.Zero,
            ProbeBanner = false, // no sshd behind the fake runner; SshBannerTests cover the probe
        };
        return new SshConnection(change?.Invoke(settings) ?? settings, _runner, TimeProvider.System, NullLogger.Instance);
    }
}
