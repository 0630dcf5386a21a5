using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Platforms.Qemu;

/// <summary>
/// Decides from a probe run whether KVM really works. A <c>/dev/kvm</c> that opens is not enough: on some hosts
/// (nested virtualisation without the needed support) the firmware dies with "KVM internal error … emulation
/// failure" (QEMU then pauses the guest instead of exiting) or QEMU aborts on "failed to set MSR". KVM counts as
/// working only when the firmware printed to the serial console and QEMU reported no such error.
/// </summary>
internal static partial class KvmProbe
{
    private static readonly string[] FatalMarkers =
    [
        "KVM internal error",
        "failed to set MSR",
        "kvm run failed",
        "KVM_CREATE_VM",
        "Could not access KVM kernel module",
        "failed to initialize kvm",
        "Assertion",
    ];

    /// <summary>True when QEMU's output already shows KVM failing (the probe can stop waiting).</summary>
    public static bool ShowsFailure(string qemuOutput) =>
        FatalMarkers.Any(m => qemuOutput.Contains(m, StringComparison.OrdinalIgnoreCase));

    /// <summary>The verdict for one probe run.</summary>
    public static AcceleratorVerdict Decide(KvmProbeObservation o)
    {
        var output = o.QemuOutput;
        if (output.Contains("KVM internal error", StringComparison.OrdinalIgnoreCase))
        {
            var line = FirstLineWith(output, "KVM internal error") ?? "KVM internal error";
            var detail = output.Contains("emulation failure", StringComparison.OrdinalIgnoreCase) ? ", emulation failure" : "";
            return Failed($"{line}{detail}");
        }

        if (ShowsFailure(output))
        {
            return Failed(FirstLineWith(output, FatalMarkers) ?? "QEMU reported a KVM error");
        }

        if (o.Exited && (o.ExitCode != 0 || !o.FirmwareOutput))
        {
            var code = o.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?";
            var line = FirstErrorLine(output);
            return Failed(line is null ? $"qemu exited with code {code}" : $"qemu exited with code {code}: {line}");
        }

        if (o.FirmwareOutput)
        {
            return new AcceleratorVerdict(true, string.Create(CultureInfo.InvariantCulture, $"KVM probe passed: firmware output after {o.Elapsed.TotalSeconds:0.0}s"));
        }

        return Failed(string.Create(CultureInfo.InvariantCulture, $"no firmware output within {o.Timeout.TotalSeconds:0.#}s"));
    }

    private static AcceleratorVerdict Failed(string why) => new(false, "KVM probe failed: " + why);

    private static string? FirstLineWith(string output, params string[] markers) =>
        Lines(output).FirstOrDefault(l => markers.Any(m => l.Contains(m, StringComparison.OrdinalIgnoreCase)));

    private static string? FirstErrorLine(string output)
    {
        var lines = Lines(output).Where(l => !l.Contains("warning:", StringComparison.OrdinalIgnoreCase)).ToList();
        return lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.FirstOrDefault();
    }

    // "qemu-system-x86_64: error: failed to set MSR …" → "failed to set MSR …"
    private static IEnumerable<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => QemuPrefix().Replace(l, ""));

    [GeneratedRegex(@"^(?:qemu-system-[\w.-]+:\s*)?(?:error:\s*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QemuPrefix();
}
