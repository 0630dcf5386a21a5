using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Reboot;

/// <summary>cl.reboot: a clean reboot starts a new boot and keeps what was written to /etc and /var.</summary>
public sealed class Reboot
{
    [OsTest("cl.reboot", Requires = PlatformCapabilities.Reboot)]
    public async Task Reboot_starts_a_new_boot_that_keeps_files_in_etc_and_var()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);

        var firstBoot = await vm.BootIdAsync();
        var machineId = await vm.OutputAsync("cat /etc/machine-id");
        await vm.SucceedAsync($"echo 'etc before boot {firstBoot}' | sudo tee /etc/kola-reboot");
        await vm.SucceedAsync($"echo 'var before boot {firstBoot}' | sudo tee /var/lib/kola-reboot");

        var secondBoot = await vm.RebootAsync();

        Assert.NotEqual(firstBoot, secondBoot);
        Assert.Equal(secondBoot, await vm.BootIdAsync());
        Assert.Equal($"etc before boot {firstBoot}\n", await vm.SucceedAsync("cat /etc/kola-reboot"));
        Assert.Equal($"var before boot {firstBoot}\n", await vm.SucceedAsync("cat /var/lib/kola-reboot"));
        Assert.Equal(machineId, await vm.OutputAsync("cat /etc/machine-id"));
    }
}
