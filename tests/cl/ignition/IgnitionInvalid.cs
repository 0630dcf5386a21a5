using System.Text.RegularExpressions;
using Harness.Machines;
using Harness.Xunit;
using Tests.Cl.Support;

namespace Tests.Cl.Ignition;

/// <summary>
/// cl.ignition.invalid: a config Ignition cannot use stops the first boot in the initramfs — Ignition reports the
/// error and the machine drops to emergency mode instead of booting half-provisioned.
/// </summary>
public sealed partial class IgnitionInvalid
{
    [OsTest("cl.ignition.invalid")]
    [AllowConsole("emergency-mode", Reason = "an invalid Ignition config must stop the boot in emergency mode")]
    [AllowConsole("ignition-failed", Reason = "Ignition must report the invalid config")]
    [AllowConsole("failed-unit", Reason = "the Ignition stage unit fails on the invalid config")]
    public async Task Config_with_a_wrongly_typed_field_stops_the_boot_in_emergency_mode()
    {
        var spec = MachineSpec.Default.WithRawIgnition(await Assets.ReadTextAsync("ignition/invalid/wrong-field-type.ign"));
        await using var vm = await Session.StartAsync(spec);

        var error = await vm.WaitForConsoleAsync(IgnitionError());
        await vm.WaitForConsoleAsync(EmergencyMode());
        Assert.Matches("unmarshal|mode|invalid|parse", error.Value);
    }

    [GeneratedRegex(@"Ignition failed:? .*|ignition\[\d+\]: .*(?:CRITICAL|error|failed).*")]
    private static partial Regex IgnitionError();

    [GeneratedRegex(@"You are in emergency mode|Entering emergency mode|Press Enter for emergency shell|Starting Emergency Shell")]
    private static partial Regex EmergencyMode();
}
