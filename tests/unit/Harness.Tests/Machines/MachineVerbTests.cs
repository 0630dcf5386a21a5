using System.Text.RegularExpressions;
using Harness.ConsoleChecks;
using Harness.Failures;
using Harness.Machines;
using Harness.Waiting;

namespace Harness.Tests.Machines;

public sealed class MachineVerbTests : IDisposable
{
    private readonly MachineFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Exec_returns_the_raw_result_and_never_throws_on_the_exit_code()
    {
        _f.Ssh.On("false", 1, stderr: "nope\n");
        await using var vm = await _f.StartAsync();

        var result = await vm.ExecAsync("false");

        Assert.Equal(("false", 1, "nope\n"), (result.Command, result.ExitCode, result.Stderr));
    }

    [Fact]
    public async Task Succeed_failure_says_what_where_exit_code_elapsed_output_and_artifacts()
    {
        _f.Ssh.On("systemctl is-active docker", 3, stdout: "inactive\n", seconds: 2.1);
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<TestFailureException>(() => vm.SucceedAsync("systemctl is-active docker"));

        Assert.Equal(
            $"""
            `systemctl is-active docker` on m1 exited 3 after 2.1s
              stdout:
                inactive
              stderr: (empty)
              artifacts: {vm.ArtifactDir}
            """,
            e.Message);
    }

    [Fact]
    public async Task Succeed_returns_stdout()
    {
        _f.Ssh.On("hostnamectl --static", 0, stdout: "core1\n");
        await using var vm = await _f.StartAsync();

        Assert.Equal("core1\n", await vm.SucceedAsync("hostnamectl --static"));
    }

    [Fact]
    public async Task Fail_requires_a_non_zero_exit_code()
    {
        _f.Ssh.On("test -e /etc/gone", 1).On("test -e /etc/there", 0, seconds: 0.3);
        await using var vm = await _f.StartAsync();

        await vm.FailAsync("test -e /etc/gone");
        var e = await Assert.ThrowsAsync<TestFailureException>(() => vm.FailAsync("test -e /etc/there"));

        Assert.StartsWith("`test -e /etc/there` on m1 exited 0 after 300ms but was expected to fail\n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_runs_past_its_limit_is_a_test_failure_with_its_partial_output()
    {
        _f.Ssh.On("sleep 999", ScriptedSsh.TimesOut("partial\n"));
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<TestFailureException>(() => vm.ExecAsync("sleep 999", TimeSpan.FromSeconds(5)));

        Assert.StartsWith("`sleep 999` on m1 did not finish within 5s (killed after 5s)\n  stdout:\n    partial\n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitUntilSucceeds_returns_the_output_of_the_first_success()
    {
        _f.Ssh.OnSequence("curl -s localhost", (7, ""), (7, ""), (0, "ok\n"));
        await using var vm = await _f.StartAsync();

        var output = await _f.DriveAsync(vm.WaitUntilSucceedsAsync("curl -s localhost"));

        Assert.Equal("ok\n", output);
        Assert.Equal(3, _f.Ssh.Count("curl -s localhost"));
    }

    [Fact]
    public async Task WaitUntilSucceeds_timeout_states_elapsed_limit_and_the_last_output()
    {
        _f.Ssh.On("systemctl is-active etcd", 3, stdout: "activating\n");
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() => _f.DriveAsync(vm.WaitUntilSucceedsAsync("systemctl is-active etcd", TimeSpan.FromSeconds(30))));

        Assert.StartsWith("waiting for `systemctl is-active etcd` to succeed on m1: timed out after 30", e.Message, StringComparison.Ordinal);
        Assert.Contains("(limit 30s); last:\n    exit 3 after 100ms\n      stdout:\n        activating\n      stderr: (empty)", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"artifacts: {vm.ArtifactDir}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForUnit_returns_once_the_unit_is_active()
    {
        const string show = "systemctl show -p LoadState,ActiveState,SubState,Result 'docker.service'";
        _f.Ssh.OnSequence(
            show,
            (0, "LoadState=loaded\nActiveState=activating\nSubState=start\nResult=success\n"),
            (0, "LoadState=loaded\nActiveState=active\nSubState=running\nResult=success\n"));
        await using var vm = await _f.StartAsync();

        await _f.DriveAsync(vm.WaitForUnitAsync("docker.service"));

        Assert.Equal(2, _f.Ssh.Count(show));
    }

    [Fact]
    public async Task WaitForUnit_fails_fast_when_the_unit_failed_with_status_and_journal()
    {
        const string show = "systemctl show -p LoadState,ActiveState,SubState,Result 'app.service'";
        _f.Ssh.On(show, 0, "LoadState=loaded\nActiveState=failed\nSubState=failed\nResult=exit-code\n")
            .On("systemctl status --no-pager -l 'app.service'", 3, "× app.service - App\n     Active: failed (Result: exit-code)\n")
            .On("sudo -n journalctl --no-pager -n 30 -u 'app.service' 2>/dev/null || journalctl --no-pager -n 30 -u 'app.service'", 0, "app[1]: cannot open /etc/app.conf\n");
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<TestFailureException>(() => _f.DriveAsync(vm.WaitForUnitAsync("app.service")));

        Assert.IsNotType<WaitTimeoutException>(e);
        Assert.Equal(1, _f.Ssh.Count(show));
        Assert.StartsWith("unit app.service on m1 failed (ActiveState=failed SubState=failed Result=exit-code LoadState=loaded)\n", e.Message, StringComparison.Ordinal);
        Assert.Contains("  systemctl status:\n    × app.service - App\n", e.Message, StringComparison.Ordinal);
        Assert.Contains("  journal:\n    app[1]: cannot open /etc/app.conf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_VM_that_exits_during_a_wait_stops_it_with_the_console_tail()
    {
        _f.Ssh.On("test -e /run/done", (c, _) =>
        {
            _f.Backend.Print("[   9.9] reboot: Power down");
            _f.Backend.ExitReason = "qemu exited with code 0";
            return ScriptedSsh.Result(c, 1);
        });
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<MachineCrashedException>(() => _f.DriveAsync(vm.WaitUntilSucceedsAsync("test -e /run/done")));

        Assert.StartsWith("m1 stopped while waiting for `test -e /run/done` to succeed: qemu exited with code 0\n", e.Message, StringComparison.Ordinal);
        Assert.Contains("    [   9.9] reboot: Power down", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"  artifacts: {vm.ArtifactDir}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kernel_panic_on_the_console_stops_a_unit_wait_early()
    {
        const string show = "systemctl show -p LoadState,ActiveState,SubState,Result 'docker.service'";
        _f.Ssh.On(show, (c, _) =>
        {
            _f.Backend.Print("[  12.3] Kernel panic - not syncing: Fatal exception");
            return ScriptedSsh.Result(c, 255, stderr: "Connection to 127.0.0.1 closed by remote host.\n");
        });
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<MachineCrashedException>(() => _f.DriveAsync(vm.WaitForUnitAsync("docker.service")));

        Assert.Contains("kernel panic on console line 1: [  12.3] Kernel panic - not syncing: Fatal exception", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, _f.Ssh.Count(show));
    }

    [Fact]
    public async Task WaitForConsole_can_wait_for_a_crash_pattern_on_purpose()
    {
        await using var vm = await _f.StartAsync();
        _f.Backend.Print("[   5.0] sysrq: Trigger a crash");
        _f.Backend.Print("[   5.1] Kernel panic - not syncing: sysrq triggered crash");

        var match = await _f.DriveAsync(vm.WaitForConsoleAsync(new Regex(@"Kernel panic - not syncing: (.*)")));

        Assert.Equal("sysrq triggered crash", match.Groups[1].Value);
    }

    [Fact]
    public async Task WaitForConsole_stops_at_a_crash_it_was_not_looking_for()
    {
        await using var vm = await _f.StartAsync();
        _f.Backend.Print("You are in emergency mode. After logging in, type \"journalctl -xb\"");

        var e = await Assert.ThrowsAsync<MachineCrashedException>(() => _f.DriveAsync(vm.WaitForConsoleAsync(new Regex("login:"))));

        Assert.Contains("emergency shell on console line 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForConsole_timeout_quotes_the_last_console_line()
    {
        await using var vm = await _f.StartAsync();
        _f.Backend.Print("[   1.0] Booting");

        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() => _f.DriveAsync(vm.WaitForConsoleAsync(new Regex("login:"), TimeSpan.FromSeconds(10))));

        Assert.Contains("waiting for console to match /login:/ on m1: timed out after 10s (limit 10s); last: no match in 1 lines; last line: [   1.0] Booting", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reboot_returns_the_new_boot_id_over_a_fresh_master()
    {
        _f.Ssh.On("sudo systemctl reboot", (c, _) =>
        {
            _f.Ssh.BootId = "boot-2";
            return ScriptedSsh.Result(c, 255, stderr: "Connection to 127.0.0.1 closed by remote host.\n");
        });
        await using var vm = await _f.StartAsync();
        var closesBefore = _f.Ssh.Closes;

        var bootId = await _f.DriveAsync(vm.RebootAsync());

        Assert.Equal("boot-2", bootId);
        Assert.True(_f.Ssh.Closes > closesBefore);
        Assert.False(_f.Ssh.Options[_f.Ssh.Commands.IndexOf("sudo systemctl reboot")].Reconnect);
    }

    [Fact]
    public async Task Reboot_fails_when_the_boot_id_does_not_change()
    {
        _f.Ssh.On("sudo systemctl reboot", 0);
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() => _f.DriveAsync(vm.RebootAsync(TimeSpan.FromSeconds(20))));

        Assert.Contains("after reboot on m1: timed out after 20s (limit 20s); last: SSH answers, but the boot id is still boot-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reboot_command_failures_are_reported()
    {
        _f.Ssh.On("sudo systemctl reboot", 1, stderr: "sudo: a password is required\n");
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<TestFailureException>(() => vm.RebootAsync());

        Assert.StartsWith("`sudo systemctl reboot` on m1 exited 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_uses_platform_power_control_and_forgets_crashes_of_the_previous_boot()
    {
        await using var vm = await _f.StartAsync();
        _f.Backend.Print("[  3.0] Kernel panic - not syncing: on purpose");
        _f.Ssh.On("echo ok", 0, "ok\n");
        _f.Backend.OnReset = () =>
        {
            _f.Ssh.BootId = "boot-2";
            _f.Backend.Print("[  0.0] Linux version 6.6");
        };

        await _f.DriveAsync(vm.ResetAsync());

        Assert.Equal(1, _f.Backend.Resets);
        Assert.Equal("ok\n", await _f.DriveAsync(vm.WaitUntilSucceedsAsync("echo ok")));
    }

    [Fact]
    public async Task Reset_is_refused_without_power_control()
    {
        _f.Platform.Capabilities = PlatformCapabilities.None;
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => vm.ResetAsync());

        Assert.Equal("cannot reset m1: the platform lacks the PowerControl capability", e.Message);
    }

    [Fact]
    public async Task WaitForConsole_is_refused_where_the_console_is_fetched_only_at_the_end()
    {
        _f.Platform.Capabilities = PlatformCapabilities.Reboot | PlatformCapabilities.PowerControl; // Azure's
        await using var vm = await _f.StartAsync();
        _f.Backend.Print("Ignition failed: config is not valid");

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => vm.WaitForConsoleAsync(new Regex("Ignition failed")));

        Assert.Equal("cannot wait for the live console of m1: the platform lacks the LiveConsole capability", e.Message);
    }

    [Fact]
    public async Task Copies_stream_files_through_cat_over_the_master()
    {
        var local = Path.Combine(_f.Root, "payload.bin");
        await File.WriteAllBytesAsync(local, [0, 1, 2, 255]);
        _f.Ssh.On("cat '/tmp/it'\\''s here'", 0, stdout: "remote bytes");
        await using var vm = await _f.StartAsync();

        await vm.CopyToAsync(local, "/tmp/payload.bin");
        await vm.CopyFromAsync("/tmp/it's here", Path.Combine(_f.Root, "out", "copy.txt"));

        var index = _f.Ssh.Commands.IndexOf("cat > '/tmp/payload.bin'");
        Assert.Equal(local, _f.Ssh.Options[index].StdinFile);
        Assert.Equal("remote bytes", await File.ReadAllTextAsync(Path.Combine(_f.Root, "out", "copy.txt")));
        Assert.False(File.Exists(Path.Combine(_f.Root, "out", "copy.txt.partial")));
    }

    [Fact]
    public async Task A_failed_copy_leaves_no_partial_file()
    {
        _f.Ssh.On("cat '/nope'", 1, stderr: "cat: /nope: No such file or directory\n");
        await using var vm = await _f.StartAsync();
        var target = Path.Combine(_f.Root, "copy.txt");

        var e = await Assert.ThrowsAsync<TestFailureException>(() => vm.CopyFromAsync("/nope", target));

        Assert.StartsWith($"copying /nope from m1 to {target} failed\n`cat '/nope'` on m1 exited 1", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task Journal_passes_its_arguments_to_journalctl()
    {
        _f.Ssh.On("journalctl --no-pager -u docker.service -b", 0, "docker started\n");
        await using var vm = await _f.StartAsync();

        Assert.Equal("docker started\n", await vm.JournalAsync("-u docker.service -b"));
    }
}
