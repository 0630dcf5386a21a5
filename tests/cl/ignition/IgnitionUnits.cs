using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Ignition;

/// <summary>
/// cl.ignition.units (kola: coreos.ignition.systemd.enable-service, cl.ignition.instantiated.enable-unit): units
/// Ignition writes and enables run on the first boot, masked units cannot start, drop-ins change a unit's environment.
/// </summary>
public sealed class IgnitionUnits
{
    [OsTest("cl.ignition.units", FreshBoot = true)]
    public async Task Units_are_enabled_masked_and_extended_by_drop_ins_as_Ignition_says()
    {
        var spec = MachineSpec.FromButaneFile("ignition/units.bu");
        await using var vm = await Session.StartAsync(spec);

        // an enabled unit ran in this boot (the first one)
        await vm.WaitForUnitAsync("kola-hello.service");
        Assert.Equal("enabled", await vm.UnitFileStateAsync("kola-hello.service"));
        var bootId = await vm.BootIdAsync();
        Assert.Equal($"kola-hello ran in boot {bootId}", await vm.OutputAsync("cat /run/kola-hello"));

        // an instance of a template, enabled through Ignition's preset
        await vm.WaitForUnitAsync("kola-echo@bar.service");
        Assert.Equal("enabled", await vm.UnitFileStateAsync("kola-echo@bar.service"));
        Assert.Equal("bar", await vm.OutputAsync("cat /run/kola-echo-bar"));

        // a drop-in overrides one Environment= of a new unit and leaves the other
        await vm.WaitForUnitAsync("kola-env.service");
        Assert.Equal("KOLA_GREETING=from-the-drop-in KOLA_UNTOUCHED=kept", await vm.OutputAsync("cat /run/kola-env"));
        Assert.Contains(
            "/etc/systemd/system/kola-env.service.d/50-greeting.conf",
            await vm.UnitPropertyAsync("kola-env.service", "DropInPaths"),
            StringComparison.Ordinal);

        // a drop-in for a unit the image ships: the running service got the variable
        await vm.WaitForUnitAsync("systemd-logind.service");
        Assert.Contains("KOLA_DROPIN=present", await vm.UnitPropertyAsync("systemd-logind.service", "Environment"), StringComparison.Ordinal);
        var logind = await vm.UnitPropertyAsync("systemd-logind.service", "MainPID");
        await vm.SucceedAsync($"sudo grep -qzx KOLA_DROPIN=present /proc/{logind}/environ");

        // a masked unit is a link to /dev/null that systemd refuses to start
        Assert.Equal("/dev/null", await vm.OutputAsync("readlink /etc/systemd/system/kola-masked.service"));
        Assert.Equal("masked", await vm.UnitFileStateAsync("kola-masked.service"));
        var start = await vm.ExecAsync("sudo systemctl start kola-masked.service");
        Assert.False(start.Succeeded, "starting the masked kola-masked.service succeeded");
        Assert.Contains("masked", start.Stderr, StringComparison.Ordinal);
    }
}
