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
}
