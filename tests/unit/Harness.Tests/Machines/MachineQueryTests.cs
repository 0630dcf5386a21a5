using Harness.Failures;
using Harness.Machines;

namespace Harness.Tests.Machines;

public sealed class MachineQueryTests : IDisposable
{
    private readonly MachineFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Output_is_stdout_without_the_surrounding_white_space()
    {
        _f.Ssh.On("hostnamectl --static", 0, stdout: "core1\n");
        await using var vm = await _f.StartAsync();

        Assert.Equal("core1", await vm.OutputAsync("hostnamectl --static"));
    }

    [Fact]
    public async Task Output_of_a_failing_command_fails_with_the_evidence()
    {
        _f.Ssh.On("cat /etc/missing", 1, stderr: "cat: /etc/missing: No such file or directory\n");
        await using var vm = await _f.StartAsync();

        var e = await Assert.ThrowsAsync<TestFailureException>(() => vm.OutputAsync("cat /etc/missing"));

        Assert.StartsWith("`cat /etc/missing` on m1 exited 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unit_state_reads_systemctl_show()
    {
        _f.Ssh.On("systemctl show -p LoadState,ActiveState,SubState,Result 'docker.socket'", 0,
            stdout: "LoadState=not-found\nActiveState=inactive\nSubState=dead\nResult=success\n");
        _f.Ssh.On("systemctl show -p LoadState,ActiveState,SubState,Result 'systemd-sysext.service'", 0,
            stdout: "LoadState=loaded\nActiveState=active\nSubState=exited\nResult=success\n");
        await using var vm = await _f.StartAsync();

        Assert.Equal(new UnitState("docker.socket", "not-found", "inactive", "dead", "success"), await vm.UnitStateAsync("docker.socket"));
        var sysext = await vm.UnitStateAsync("systemd-sysext.service");
        Assert.True(sysext.IsActive);
        Assert.Equal("ActiveState=active SubState=exited Result=success LoadState=loaded", sysext.ToString());
    }

    [Fact]
    public async Task Unit_property_is_one_trimmed_value()
    {
        _f.Ssh.On("systemctl show -p 'MainPID' --value 'systemd-logind.service'", 0, stdout: "812\n");
        await using var vm = await _f.StartAsync();

        Assert.Equal("812", await vm.UnitPropertyAsync("systemd-logind.service", "MainPID"));
    }

    [Fact]
    public async Task Unit_file_state_is_what_is_enabled_prints_whatever_its_exit_code()
    {
        _f.Ssh.On("systemctl is-enabled 'kola-masked.service'", 1, stdout: "masked\n");
        _f.Ssh.On("systemctl is-enabled 'kola-hello.service'", 0, stdout: "enabled\n");
        _f.Ssh.On("systemctl is-enabled 'nothing.service'", 1, stderr: "Failed to get unit file state for nothing.service: No such file or directory\n");
        await using var vm = await _f.StartAsync();

        Assert.Equal("masked", await vm.UnitFileStateAsync("kola-masked.service"));
        Assert.Equal("enabled", await vm.UnitFileStateAsync("kola-hello.service"));
        var e = await Assert.ThrowsAsync<TestFailureException>(() => vm.UnitFileStateAsync("nothing.service"));
        Assert.Contains("No such file or directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task System_state_is_reported_also_when_degraded()
    {
        _f.Ssh.On("systemctl is-system-running --wait", 1, stdout: "degraded\n");
        await using var vm = await _f.StartAsync();

        Assert.Equal("degraded", await vm.SystemStateAsync());
    }

    [Fact]
    public async Task Lines_are_trimmed_and_empty_ones_dropped()
    {
        _f.Ssh.On("ls /etc/extensions", 0, stdout: "docker-flatcar.raw  \n\n containerd-flatcar.raw\n");
        await using var vm = await _f.StartAsync();

        Assert.Equal(["docker-flatcar.raw", "containerd-flatcar.raw"], await vm.LinesAsync("ls /etc/extensions"));
    }

    [Fact]
    public async Task A_passwd_entry_is_read_from_getent_and_a_missing_account_fails_with_the_evidence()
    {
        _f.Ssh.On("getent passwd 'core'", 0, stdout: "core:x:500:500:Flatcar Admin:/home/core:/bin/bash\n");
        _f.Ssh.On("getent passwd 'nobody2'", 2);
        _f.Ssh.On("getent passwd 'odd'", 0, stdout: "odd:x:five:500::/:/bin/sh\n");
        await using var vm = await _f.StartAsync();

        var core = await vm.PasswdEntryAsync("core");
        Assert.Equal(new PasswdEntry("core", 500, 500, "Flatcar Admin", "/home/core", "/bin/bash"), core);
        Assert.Equal("core:x:500:500:Flatcar Admin:/home/core:/bin/bash", core.ToString());
        var missing = await Assert.ThrowsAsync<TestFailureException>(() => vm.PasswdEntryAsync("nobody2"));
        Assert.Contains("exited 2", missing.Message, StringComparison.Ordinal);
        var odd = await Assert.ThrowsAsync<TestFailureException>(() => vm.PasswdEntryAsync("odd"));
        Assert.Contains("odd:x:five:500::/:/bin/sh", odd.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mounts_on_a_target_come_from_findmnts_json_list_in_order()
    {
        // The shape Flatcar's findmnt (util-linux 2.39) prints for /usr with a merged sysext on top.
        const string json = """
            {
               "filesystems": [
                  {"target":"/", "source":"/dev/vda9", "fstype":"ext4", "options":"rw,relatime,seclabel"},
                  {"target":"/usr", "source":"/dev/mapper/usr", "fstype":"ext4", "options":"ro,relatime,seclabel"},
                  {"target":"/usr", "source":"sysext", "fstype":"overlay", "options":"ro,nodev,relatime,lowerdir=/run/systemd/sysext/meta/usr:/run/systemd/sysext/extensions/docker-flatcar/usr"},
                  {"target":"/usr/share/oem", "source":"/dev/vda6", "fstype":"btrfs", "options":"rw,relatime"}
               ]
            }
            """;
        _f.Ssh.On("findmnt --json --list -o TARGET,SOURCE,FSTYPE,OPTIONS", 0, stdout: json);
        await using var vm = await _f.StartAsync();

        var usr = await vm.MountsAsync("/usr");

        Assert.Equal(["/dev/mapper/usr", "sysext"], usr.Select(m => m.Source));
        Assert.All(usr, m => Assert.True(m.IsReadOnly, m.ToString()));
        Assert.Equal("/usr /dev/mapper/usr ext4 ro,relatime,seclabel", usr[0].ToString());
        Assert.False((await vm.MountsAsync("/")).Single().IsReadOnly);
    }

    [Fact]
    public void Findmnt_output_that_is_not_its_json_list_is_a_format_error_naming_where()
    {
        var e = Assert.Throws<FormatException>(() => MountEntry.ParseList("TARGET SOURCE\n/ /dev/vda9", "findmnt on m1"));

        Assert.StartsWith("findmnt on m1: not findmnt's JSON list", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_keys_are_read_as_root_without_comments_or_comment_lines()
    {
        _f.Ssh.On("sudo cat '/etc/ssh/ssh_host_ed25519_key.pub' '/home/core/.ssh/authorized_keys'", 0,
            stdout: "ssh-ed25519 AAAAhost root@localhost\n# written by Ignition\nssh-ed25519   AAAAuser  core@laptop \n");
        await using var vm = await _f.StartAsync();

        Assert.Equal(
            ["ssh-ed25519 AAAAhost", "ssh-ed25519 AAAAuser"],
            await vm.PublicKeysAsync(["/etc/ssh/ssh_host_ed25519_key.pub", "/home/core/.ssh/authorized_keys"]));
    }
}
