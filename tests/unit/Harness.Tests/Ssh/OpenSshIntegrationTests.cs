using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Harness.Machines;
using Harness.Processes;
using Harness.Ssh;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Tests.Ssh;

/// <summary>
/// The in-process client (SSH.NET) against a throwaway OpenSSH sshd on 127.0.0.1 (no VM): host key pinning, one
/// connection with a channel per command, reconnecting, timeouts, quoting, binary streams. Skipped when sshd is not installed.
/// </summary>
public sealed class OpenSshIntegrationTests : IAsyncLifetime
{
    private const string Sshd = "/usr/sbin/sshd";

    private readonly string _dir = Directory.CreateTempSubdirectory("sshd-").FullName;
    private Process? _sshd;
    private string? _skipReason;
    private int _port;
    private SshKeyPair _hostKey = null!;
    private SshKeyPair _clientKey = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Sshd))
        {
            _skipReason = $"{Sshd} is not installed (Debian: openssh-server)";
            return;
        }

        _hostKey = await SshKeyPair.GenerateAsync(Path.Combine(_dir, "host"), "test host", "ssh_host_ed25519_key", ProcessRunner.Default, CancellationToken.None);
        _clientKey = await SshKeyPair.GenerateAsync(Path.Combine(_dir, "client"), "test client", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_dir, "authorized_keys"), _clientKey.PublicKey + "\n");
        _port = FreePort();
        var config = Path.Combine(_dir, "sshd_config");
        await File.WriteAllLinesAsync(config,
        [
            $"Port {_port.ToString(CultureInfo.InvariantCulture)}",
            "ListenAddress 127.0.0.1",
            $"HostKey {_hostKey.PrivateKeyPath}",
            $"AuthorizedKeysFile {Path.Combine(_dir, "authorized_keys")}",
            $"PidFile {Path.Combine(_dir, "sshd.pid")}",
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
        ]);

        if (Environment.UserName == "root" && !Directory.Exists("/run/sshd"))
        {
            // sshd's privilege separation folder; the Debian package creates it only when the service starts.
            Directory.CreateDirectory("/run/sshd");
        }

        _sshd = Process.Start(new ProcessStartInfo(Sshd, ["-D", "-e", "-f", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var stderr = _sshd.StandardError.ReadToEndAsync();
        if (!await WaitForPortAsync(_port, TimeSpan.FromSeconds(10)))
        {
            _sshd.Kill();
            _skipReason = $"sshd did not start: {await stderr}";
        }
    }

    public async Task DisposeAsync()
    {
        if (_sshd is { HasExited: false })
        {
            _sshd.Kill(entireProcessTree: true);
            await _sshd.WaitForExitAsync();
        }

        _sshd?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [SkippableFact]
    public async Task Pinned_host_key_connects_and_commands_keep_their_quoting_output_and_exit_code()
    {
        Skip.If(_skipReason is not null, _skipReason);
        await using var ssh = Connect(_hostKey.PublicKey, "ok");

        var (connected, observation) = await ssh.TryConnectAsync(probeFirst: true, CancellationToken.None);
        var result = await ssh.ExecAsync("printf '%s|' \"it's\" \"$((6 * 7))\"; echo err >&2; exit 3", SshExecOptions.Default, CancellationToken.None);

        Assert.True(connected, observation);
        Assert.Equal((3, "it's|42|", "err\n"), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [SkippableFact]
    public async Task Binary_data_round_trips_through_stdin_and_stdout_files()
    {
        Skip.If(_skipReason is not null, _skipReason);
        await using var ssh = Connect(_hostKey.PublicKey, "copy");
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var local = Path.Combine(_dir, "payload.bin");
        var back = Path.Combine(_dir, "back.bin");
        var remote = Path.Combine(_dir, "remote.bin");
        await File.WriteAllBytesAsync(local, bytes);

        var put = await ssh.ExecAsync($"cat > {ShellQuote.Quote(remote)}", SshExecOptions.Default with { StdinFile = local }, CancellationToken.None);
        var get = await ssh.ExecAsync($"cat {ShellQuote.Quote(remote)}", SshExecOptions.Default with { StdoutFile = back }, CancellationToken.None);

        Assert.Equal((0, 0), (put.ExitCode, get.ExitCode));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(back));
    }

    [SkippableFact]
    public async Task Commands_share_one_connection_until_it_is_closed()
    {
        Skip.If(_skipReason is not null, _skipReason);
        await using var ssh = Connect(_hostKey.PublicKey, "one");

        var first = await ClientPortAsync(ssh);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(first, await ClientPortAsync(ssh));
        }

        await ssh.CloseAsync(CancellationToken.None);
        Assert.NotEqual(first, await ClientPortAsync(ssh));
    }

    [SkippableFact]
    public async Task A_connection_dropped_between_commands_is_reopened_and_the_next_command_runs()
    {
        Skip.If(_skipReason is not null, _skipReason);
        await using var ssh = Connect(_hostKey.PublicKey, "drop");
        var first = await ClientPortAsync(ssh);

        // The command's parent is sshd's process for this connection: killing it drops the connection, as a guest's
        // sshd restart does.
        var killed = await ssh.ExecAsync("kill -9 $PPID; sleep 5", SshExecOptions.Default, CancellationToken.None);
        var next = await ClientPortAsync(ssh);

        Assert.Equal(255, killed.ExitCode);
        Assert.StartsWith("ssh: ", killed.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(first, next);
    }

    [SkippableFact]
    public async Task A_command_past_its_timeout_fails_with_its_output_so_far_and_the_connection_stays_usable()
    {
        Skip.If(_skipReason is not null, _skipReason);
        await using var ssh = Connect(_hostKey.PublicKey, "timeout");
        var stopwatch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ProcessTimeoutException>(() => ssh.ExecAsync(
            "echo started; exec sleep 67", SshExecOptions.Default with { Timeout = TimeSpan.FromSeconds(2) }, CancellationToken.None));
        var after = await ssh.ExecAsync("echo next", SshExecOptions.Default, CancellationToken.None);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
        Assert.Equal(("started\n", TimeSpan.FromSeconds(2)), (e.Stdout, e.Limit));
        Assert.Equal((0, "next\n"), (after.ExitCode, after.Stdout));
    }

    [SkippableFact]
    public async Task A_command_exiting_255_by_itself_is_returned_verbatim()
    {
        Skip.If(_skipReason is not null, _skipReason);
        await using var ssh = Connect(_hostKey.PublicKey, "exit255");

        var result = await ssh.ExecAsync("echo partial; echo my own error >&2; exit 255", SshExecOptions.Default, CancellationToken.None);

        Assert.Equal((255, "partial\n", "my own error\n"), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [SkippableFact]
    public async Task A_different_pinned_key_fails_with_the_mismatch_message_and_no_retry()
    {
        Skip.If(_skipReason is not null, _skipReason);
        var other = await SshKeyPair.GenerateAsync(Path.Combine(_dir, "other"), "other", CancellationToken.None);
        await using var ssh = Connect(other.PublicKey, "mismatch");
        var stopwatch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<SshHostKeyMismatchException>(() => ssh.ExecAsync("true", SshExecOptions.Default, CancellationToken.None));

        Assert.StartsWith(
            $"host key of mismatch (127.0.0.1:{_port}) does not match the key injected through Ignition — possible MITM or the image ignored the injected key",
            e.Message,
            StringComparison.Ordinal);
        Assert.Contains($"  presented: ssh-ed25519 SHA256:{Fingerprint(_hostKey)}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"({Fingerprint(other)})", e.Message.Replace("ssh-ed25519 SHA256:", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    private SshConnection Connect(string hostKey, string name, Func<SshConnectionSettings, SshConnectionSettings>? change = null)
    {
        var settings = new SshConnectionSettings(name, new SshEndpoint("127.0.0.1", _port), _clientKey, hostKey, Path.Combine(_dir, name))
        {
            User = Environment.UserName,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            TransientDelay = TimeSpan.FromMilliseconds(200),
        };
        return new SshConnection(change?.Invoke(settings) ?? settings, TimeProvider.System, NullLogger.Instance);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> WaitForPortAsync(int port, TimeSpan limit)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < limit)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    /// <summary>The client side's port of the connection the command ran on (sshd's <c>SSH_CONNECTION</c>).</summary>
    private static async Task<string> ClientPortAsync(SshConnection ssh)
    {
        var result = await ssh.ExecAsync("echo $SSH_CONNECTION", SshExecOptions.Default, CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        return result.Stdout.Split(' ')[1];
    }

    /// <summary>The key's SHA-256 fingerprint as ssh-keygen prints it, without the prefix.</summary>
    private static string Fingerprint(SshKeyPair key) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(key.PublicKey.Split(' ')[1]))).TrimEnd('=');
}
