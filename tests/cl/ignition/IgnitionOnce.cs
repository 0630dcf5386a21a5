using Harness.Machines;
using Harness.Xunit;
using Harness.Text;

namespace Tests.Cl.Ignition;

/// <summary>
/// cl.ignition.once (kola: cl.ignition.v1.once, coreos.ignition.once): Ignition provisions on the first boot only;
/// what the machine changed afterwards survives a reboot untouched.
/// </summary>
public sealed class IgnitionOnce
{
    [OsTest("cl.ignition.once", Requires = PlatformCapabilities.Reboot, FreshBoot = true)]
    public async Task Ignition_runs_only_on_the_first_boot_and_later_changes_survive_a_reboot()
    {
        var spec = MachineSpec.FromButaneFile("ignition/once.bu");
        await using var vm = await Session.StartAsync(spec);

        // first boot: Ignition recorded this boot as the provisioning boot and consumed the first-boot flag
        var firstBoot = await vm.BootIdAsync();
        var result = await vm.SucceedAsync("sudo cat /etc/.ignition-result.json");
        Assert.Equal(Normalize(firstBoot), Normalize(await ProvisioningBootIdAsync(vm)));
        First_boot_flag_is_gone(await EspFlagsAsync(vm));
        var machineId = await vm.OutputAsync("cat /etc/machine-id");

        // the machine changes what Ignition wrote and adds its own files
        await vm.SucceedAsync("echo 'changed after the first boot' | sudo tee /etc/kola/once-modified");
        await vm.SucceedAsync("sudo rm /etc/kola/once-deleted /var/lib/kola/once-var");
        await vm.SucceedAsync("echo 'made after the first boot' | sudo tee /etc/kola/once-new /var/lib/kola/once-new");
        await vm.SucceedAsync("sync");

        var secondBoot = await vm.RebootAsync();
        Assert.NotEqual(Normalize(firstBoot), Normalize(secondBoot));

        // Ignition did not run again: its report is the first boot's, and nothing it wrote came back
        Assert.Equal(result, await vm.SucceedAsync("sudo cat /etc/.ignition-result.json"));
        Assert.Equal(Normalize(firstBoot), Normalize(await ProvisioningBootIdAsync(vm)));
        Assert.Equal("changed after the first boot\n", await vm.SucceedAsync("cat /etc/kola/once-modified"));
        await vm.FailAsync("test -e /etc/kola/once-deleted");
        await vm.FailAsync("test -e /var/lib/kola/once-var");
        Assert.Equal("made after the first boot\n", await vm.SucceedAsync("cat /etc/kola/once-new"));
        Assert.Equal("made after the first boot\n", await vm.SucceedAsync("cat /var/lib/kola/once-new"));
        First_boot_flag_is_gone(await EspFlagsAsync(vm));
        Assert.Equal(machineId, await vm.OutputAsync("cat /etc/machine-id"));
    }

    private static void First_boot_flag_is_gone(KeyValues esp)
    {
        // Flatcar keeps the flag in flatcar/ on the ESP (coreos/ on old installs); the folder must be there, so a
        // missing flag means "consumed", not "looked in the wrong place"
        Assert.True(esp["flatcar.dir"] == "present" || esp["coreos.dir"] == "present",
            $"the EFI system partition has neither flatcar/ nor coreos/; esp-flags.sh said:\n{esp}");
        Assert.True(esp["flatcar.first_boot"] == "absent" && esp["coreos.first_boot"] == "absent",
            $"the first-boot flag is still on the EFI system partition; esp-flags.sh said:\n{esp}");
    }

    private static async Task<KeyValues> EspFlagsAsync(Machine vm)
    {
        // copied on every call: /tmp does not survive the reboot
        return await vm.ScriptValuesAsync("ignition/once/esp-flags.sh");
    }

    private static async Task<string> ProvisioningBootIdAsync(Machine vm) =>
        await vm.OutputAsync("sudo jq -r .provisioningBootID /etc/.ignition-result.json");

    /// <summary>Boot ids are written with dashes by the kernel and without by systemd (<c>%b</c>).</summary>
    private static string Normalize(string bootId) => bootId.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
