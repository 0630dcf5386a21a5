using System.Text.RegularExpressions;
using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Ignition;

/// <summary>
/// cl.ignition.invalid: a config Ignition cannot use stops the first boot in the initramfs — Ignition names the bad
/// field, gives up, and the machine drops to emergency mode instead of booting half-provisioned. The machine never
/// answers SSH, so everything is read from the live console (a platform that streams it: not Azure).
/// </summary>
public sealed partial class IgnitionInvalid
{
    [OsTest("cl.ignition.invalid", Requires = PlatformCapabilities.LiveConsole)]
    [AllowConsole("emergency-mode", Reason = "an invalid Ignition config must stop the boot in emergency mode")]
    [AllowConsole("ignition-failed", Reason = "Ignition must report the invalid config")]
    [AllowConsole("failed-unit", Reason = "the Ignition stage unit fails on the invalid config")]
    public async Task Config_with_a_wrongly_typed_field_stops_the_boot_in_emergency_mode()
    {
        // valid JSON, but storage.files[0].mode is the string "0644" where Ignition wants an integer
        var spec = MachineSpec.Default.WithRawIgnition(await Assets.ReadTextAsync("ignition/invalid/wrong-field-type.ign"));
        await using var vm = await Session.StartAsync(spec);

        await vm.WaitForConsoleAsync(IgnitionFailed());
        await vm.WaitForConsoleAsync(WrongModeType());
        await vm.WaitForConsoleAsync(EmergencyMode());
    }

    /// <summary>Ignition's final verdict (logged at CRITICAL by every Ignition 2.x).</summary>
    [GeneratedRegex(@"Ignition failed: config is not valid")]
    private static partial Regex IgnitionFailed();

    /// <summary>Ignition's parse error, naming the offending field.</summary>
    [GeneratedRegex(@"cannot unmarshal string into Go struct field \S*storage\.files\.mode of type int")]
    private static partial Regex WrongModeType();

    [GeneratedRegex(@"You are in emergency mode|Entering emergency mode|Press Enter for emergency shell|Starting Emergency Shell")]
    private static partial Regex EmergencyMode();
}
