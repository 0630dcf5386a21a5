using System.Text.RegularExpressions;
using Harness.Failures;
using Harness.Ignition;
using Harness.Machines;
using Harness.Waiting;

namespace Harness.Tests.Machines;

public sealed class MachineStartTests : IDisposable
{
    private readonly MachineFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Theory]
    [InlineData("ed25519", "ssh-ed25519 ")]
    [InlineData("ecdsa", "ecdsa-sha2-nistp256 ")]
    [InlineData("rsa", "ssh-rsa ")]
    public async Task Start_injects_the_client_key_and_host_keys_of_every_type_and_reports_the_config_without_private_keys(string type, string publicPrefix)
    {
        var spec = MachineSpec.Default.WithIgnition(i => i.WithFile("/etc/hello", "hi\n"));

        await using var vm = await _f.StartAsync(spec);

        var launch = Assert.Single(_f.Platform.Launches);
        Assert.Equal(("m1", _f.Context.ArtifactDir), (launch.Name, launch.ArtifactDir));
        var config = IgnitionConfig.Parse(launch.IgnitionJson);
        Assert.Contains("ssh-ed25519 AAAAclientkey run-r1", Assert.Single(config.Users, u => u.Name == "core").SshAuthorizedKeys);
        var hostKey = Assert.Single(config.Files, f => f.Path == $"/etc/ssh/ssh_host_{type}_key");
        var hostPub = Assert.Single(config.Files, f => f.Path == $"/etc/ssh/ssh_host_{type}_key.pub");
        Assert.Equal((384, 420), (hostKey.Mode, hostPub.Mode));
        Assert.Equal((0, 0, true), (hostKey.User!.Id, hostKey.Group!.Id, hostKey.Overwrite));
        Assert.Contains(config.Files, f => f.Path == "/etc/hello");
        Assert.Contains("PRIVATE KEY", Text(hostKey), StringComparison.Ordinal);
        Assert.StartsWith(publicPrefix, Text(hostPub), StringComparison.Ordinal);

        // The reported config is the passed one but for the host private keys, which no artifact holds.
        var reported = await File.ReadAllTextAsync(Path.Combine(vm.ArtifactDir, "ignition.json"));
        Assert.Equal(Machine.RedactHostKey(config).ToJson(), reported);
        Assert.DoesNotContain("PRIVATE KEY", reported, StringComparison.Ordinal);
        var reportedKey = Assert.Single(IgnitionConfig.Parse(reported).Files, f => f.Path == $"/etc/ssh/ssh_host_{type}_key");
        Assert.Equal(Machine.RedactedHostKey, Text(reportedKey));
        Assert.DoesNotContain(
            Directory.EnumerateFiles(vm.ArtifactDir, "*", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_client_pins_the_injected_ed25519_host_key()
    {
        await using var vm = await _f.StartAsync();

        var config = IgnitionConfig.Parse(Assert.Single(_f.Platform.Launches).IgnitionJson);
        var injected = Text(Assert.Single(config.Files, f => f.Path == "/etc/ssh/ssh_host_ed25519_key.pub")).Trim();
        Assert.Equal(injected, Assert.Single(_f.SshSettings).HostPublicKey);
    }

    [Fact]
    public async Task Start_waits_until_SSH_answers()
    {
        _f.Ssh.FailConnects = 5;

        await using var vm = await _f.StartAsync();

        Assert.Equal(6, _f.Ssh.ConnectAttempts);
        Assert.Equal("boot-1", await vm.BootIdAsync());
    }

    [Fact]
    public async Task A_boot_id_read_that_times_out_while_the_guest_boots_is_retried()
    {
        var first = true;
        _f.Ssh.On(ScriptedSsh.BootIdCommand, (c, o) =>
        {
            if (first)
            {
                first = false;
                return ScriptedSsh.TimesOut()(c, o);
            }

            return ScriptedSsh.Result(c, 0, "boot-1\n");
        });

        await using var vm = await _f.StartAsync();

        Assert.Equal("boot-1", await vm.BootIdAsync());
        Assert.True(_f.Ssh.Closes >= 1, "the stuck master connection should be closed before the next try");
    }

    [Fact]
    public async Task SSH_that_never_comes_up_is_an_infrastructure_failure_and_the_machine_is_cleaned_up()
    {
        _f.Ssh.NeverConnects = true;
        _f.Platform.OnCreate = b => b.Print("[    1.0] Booting the kernel");

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => _f.StartAsync());

        Assert.StartsWith("SSH never came up on m1: timed out after 10m (limit 10m); last: ssh exited 255: kex_exchange_identification", e.Message, StringComparison.Ordinal);
        Assert.Contains("  console (last 30 lines):\n    [    1.0] Booting the kernel", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"  artifacts: {_f.Context.ArtifactDir}", e.Message, StringComparison.Ordinal);
        Assert.IsType<WaitTimeoutException>(e.InnerException);
        Assert.Equal((1, 1), (_f.Backend.Collected, _f.Backend.Disposed));
        Assert.Equal(1, _f.Ssh.Disposals);
    }

    [Fact]
    public async Task A_panic_while_waiting_for_SSH_stops_the_wait_early_and_cleans_up()
    {
        _f.Ssh.NeverConnects = true;
        _f.Platform.OnCreate = b =>
        {
            b.Print("[    1.0] Run /init as init process");
            b.Print("[    1.2] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100");
        };

        var e = await Assert.ThrowsAsync<MachineCrashedException>(() => _f.StartAsync());

        Assert.StartsWith("m1 crashed while waiting for SSH: kernel panic on console line 2: [    1.2] Kernel panic - not syncing", e.Message, StringComparison.Ordinal);
        Assert.Contains("    [    1.0] Run /init as init process", e.Message, StringComparison.Ordinal);
        // Counted in SSH attempts, not fake-clock time: the clock runs while the real ssh-keygen does.
        Assert.True(_f.Ssh.ConnectAttempts <= 1, $"the wait should stop at once, not after {_f.Ssh.ConnectAttempts} SSH attempts");
        Assert.Equal(1, _f.Backend.Disposed);
    }

    [Fact]
    public async Task Crash_messages_quote_the_console_without_terminal_escapes()
    {
        _f.Ssh.NeverConnects = true;
        _f.Platform.OnCreate = b =>
        {
            b.Print("[\u001b[0;1;31mFAILED\u001b[0m] Failed to start \u001b[0;1;39mignition-files.service\u001b[0m.\r");
            b.Print("[    1.2] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100");
        };

        var e = await Assert.ThrowsAsync<MachineCrashedException>(() => _f.StartAsync());

        Assert.Contains("    [FAILED] Failed to start ignition-files.service.\n", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_Ignition_machine_is_passed_verbatim_and_has_no_SSH()
    {
        const string broken = """{"ignition":{"version":"9.9.9"}}""";

        await using var vm = await _f.StartAsync(MachineSpec.Default.WithRawIgnition(broken));
        _f.Backend.Print("Ignition failed: unsupported config version");
        _f.Backend.Print("You are in emergency mode. After logging in, type \"journalctl -xb\"");

        Assert.Equal(broken, _f.Platform.Launches[0].IgnitionJson);
        Assert.Equal(broken, await File.ReadAllTextAsync(Path.Combine(vm.ArtifactDir, "ignition.json")));
        Assert.False(vm.HasSsh);
        Assert.Equal(0, _f.Ssh.ConnectAttempts);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => vm.SucceedAsync("true"));
        Assert.Equal("machine m1 was started with a raw Ignition config and has no SSH", e.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => vm.RebootAsync());
        var match = await _f.DriveAsync(vm.WaitForConsoleAsync(new Regex("Ignition failed: (.*)")));
        Assert.Equal("unsupported config version", match.Groups[1].Value);
    }

    [Fact]
    public async Task An_unknown_console_opt_out_fails_before_any_VM_starts()
    {
        _f.Context = _f.Context with { ConsoleOptOuts = [new("kernel-panik", "typo")] };

        await Assert.ThrowsAsync<ArgumentException>(() => _f.StartAsync());

        Assert.Empty(_f.Platform.Launches);
    }

    [Theory]
    [InlineData("/etc/ssh/ssh_host_ed25519_key")]
    [InlineData("/etc/ssh/ssh_host_rsa_key.pub")]
    public async Task A_config_that_writes_a_host_key_itself_is_rejected(string path)
    {
        var spec = MachineSpec.Default.WithIgnition(i => i.WithFile(path, "mine", 384));

        var e = await Assert.ThrowsAsync<ArgumentException>(() => _f.StartAsync(spec));

        Assert.Contains($"writes {path} itself; the harness injects the SSH host keys", e.Message, StringComparison.Ordinal);
        Assert.Empty(_f.Platform.Launches);
    }

    [Fact]
    public void MachineSpec_is_immutable_and_describes_without_starting()
    {
        var spec = MachineSpec.Default.WithName("m2").WithOptions(o => o with { MemoryMiB = 2048 }).WithIgnition(i => i.WithFile("/etc/a", "a"));

        Assert.Equal(("m1", 1024), (MachineSpec.Default.Name, MachineSpec.Default.Options.MemoryMiB));
        Assert.Equal(("m2", 2048, 1), (spec.Name, spec.Options.MemoryMiB, spec.Ignition.Files.Count));
        Assert.Empty(MachineSpec.Default.Ignition.Files);
        Assert.True(MachineSpec.Default.WithRawIgnition("{}").HasRawIgnition);
    }

    [Fact]
    public void FromButaneFile_translates_eagerly_relative_to_the_output_folder()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "machine-spec-tests");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"{Guid.NewGuid():N}.bu");
        File.WriteAllText(file, """
            variant: flatcar
            version: 1.0.0
            storage:
              files:
                - path: /etc/hello
                  mode: 0644
                  contents:
                    inline: hi
            """);
        try
        {
            var spec = MachineSpec.FromButaneFile(Path.GetRelativePath(AppContext.BaseDirectory, file));

            Assert.Equal("/etc/hello", Assert.Single(spec.Ignition.Files).Path);
            Assert.ThrowsAny<Exception>(() => MachineSpec.FromButaneFile("machine-spec-tests/missing.bu"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Text(IgnitionFile file) => System.Text.Encoding.UTF8.GetString(file.Contents!.DecodeData()!);
}
