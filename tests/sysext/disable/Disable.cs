using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;

namespace Tests.Sysext.Disable;

/// <summary>
/// sysext.disable-docker and sysext.disable-containerd (kola: the tests of the same names, mantle
/// kola/tests/sysext/disable_*.go): an OS extension whose <c>/etc/extensions/NAME.raw</c> Ignition linked to
/// <c>/dev/null</c> is not merged at boot, so its programs and units are absent, while the other built-ins still are.
/// kola checks only that <c>/usr/bin/docker</c> (<c>/usr/bin/containerd</c>) does not exist.
/// </summary>
public sealed class Disable
{
    [OsTest("sysext.disable-docker")]
    public async Task Docker_extension_linked_to_dev_null_is_not_merged()
    {
        await using var vm = await Session.StartAsync(MachineSpec.FromButaneFile("disable/disable-docker.bu"));

        var boot = await vm.SysextSnapshotAsync();
        Assert.Equal("/dev/null", await vm.OutputAsync("readlink /etc/extensions/docker-flatcar.raw"));
        Assert.True(!boot.Merged.Contains("docker-flatcar") && boot.Merged.Contains("containerd-flatcar"),
            $"expected containerd-flatcar merged without docker-flatcar: {boot.Describe(boot)}");
        Assert.Equal("absent", await vm.OutputAsync("test -f /usr/bin/docker && echo present || echo absent"));
        Assert.Equal("not-found", (await vm.UnitStateAsync("docker.socket")).LoadState);
        Assert.Equal("present", await vm.OutputAsync("test -f /usr/bin/containerd && echo present || echo absent"));
    }

    [OsTest("sysext.disable-containerd")]
    public async Task Containerd_and_docker_extensions_linked_to_dev_null_are_not_merged()
    {
        await using var vm = await Session.StartAsync(MachineSpec.FromButaneFile("disable/disable-containerd.bu"));

        var boot = await vm.SysextSnapshotAsync();
        Assert.True(!boot.Merged.Contains("containerd-flatcar") && !boot.Merged.Contains("docker-flatcar"),
            $"containerd-flatcar or docker-flatcar is merged though linked to /dev/null: {boot.Describe(boot)}");
        Assert.Equal("absent", await vm.OutputAsync("test -f /usr/bin/containerd && echo present || echo absent"));
        Assert.Equal("not-found", (await vm.UnitStateAsync("containerd.service")).LoadState);
    }
}
