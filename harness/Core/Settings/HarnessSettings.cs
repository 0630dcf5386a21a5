using Harness.Machines;

namespace Harness.Settings;

/// <summary>
/// Everything a run is configured with, read once per test process by <see cref="HarnessSettingsLoader"/> from
/// <c>HARNESS_*</c> environment variables and an optional JSON file (<c>HARNESS_SETTINGS</c>; the environment wins).
/// Immutable; use <c>with</c> to derive variants in tests.
/// </summary>
public sealed record HarnessSettings
{
    /// <summary>Platform to boot machines on (<c>HARNESS_PLATFORM</c>). Default <c>qemu</c>.</summary>
    public string Platform { get; init; } = "qemu";

    /// <summary>Architecture of the image and machines (<c>HARNESS_ARCH</c>). Default: the host's.</summary>
    public Arch Arch { get; init; } = Arch.Amd64;

    /// <summary>Release channel, for reports (<c>HARNESS_CHANNEL</c>): developer, alpha, beta, stable or lts. Default <c>developer</c>.</summary>
    public string Channel { get; init; } = "developer";

    /// <summary>Absolute path of the base disk image (<c>HARNESS_IMAGE</c>). Default <c>&lt;repo&gt;/artifacts/images/&lt;arch&gt;/current/disk.qcow2</c>.</summary>
    public required string ImagePath { get; init; }

    /// <summary>
    /// Image version used for <c>MinVersion</c> selection and reports: <c>HARNESS_IMAGE_VERSION</c> when set, else the
    /// <c>version</c> field of <c>manifest.json</c> next to the image; null when neither exists.
    /// </summary>
    public string? ImageVersion { get; init; }

    /// <summary>
    /// The update payload the cl.update tests serve (<c>HARNESS_UPDATE_PAYLOAD</c>): a Flatcar
    /// <c>flatcar_test_update.gz</c> or a contract payload. Default, for the built-in contract image only:
    /// <c>&lt;repo&gt;/artifacts/images/&lt;arch&gt;/next/update.payload</c> when it exists; otherwise null (those tests skip, saying so).
    /// </summary>
    public string? UpdatePayload { get; init; }

    /// <summary>
    /// The version <see cref="UpdatePayload"/> installs (<c>HARNESS_UPDATE_VERSION</c>); default the <c>version</c> of the
    /// <c>manifest.json</c> beside the payload.
    /// </summary>
    public string? UpdateVersion { get; init; }

    /// <summary>UEFI firmware code (<c>HARNESS_FIRMWARE_CODE</c>); null = the platform's default.</summary>
    public string? FirmwareCode { get; init; }

    /// <summary>UEFI variable store template (<c>HARNESS_FIRMWARE_VARS</c>); null = the platform's default.</summary>
    public string? FirmwareVars { get; init; }

    /// <summary>QEMU binary (<c>HARNESS_QEMU</c>); null = the platform's default for <see cref="Arch"/>.</summary>
    public string? QemuBinary { get; init; }

    /// <summary>Accelerator (<c>HARNESS_ACCEL</c>): <c>kvm</c> or <c>tcg</c>; null = let the platform probe.</summary>
    public string? Accelerator { get; init; }

    /// <summary>Maximum machines at once (<c>HARNESS_PARALLEL</c>); null = automatic from free memory and cores.</summary>
    public int? Parallel { get; init; }

    /// <summary>Absolute folder the run folders go into (<c>HARNESS_OUTPUT</c>). Default <c>&lt;repo&gt;/artifacts/runs</c>.</summary>
    public required string OutputRoot { get; init; }

    /// <summary>Kola globs selecting tests (<c>HARNESS_TESTS</c>, comma separated). Default <c>*</c> (all).</summary>
    public IReadOnlyList<string> TestPatterns { get; init; } = ["*"];

    /// <summary>Per-test time limit (<c>HARNESS_TEST_TIMEOUT</c>). Default 10 minutes; <c>[OsTest(TimeoutSeconds = …)]</c> overrides per test.</summary>
    public TimeSpan TestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Keep the machines of failed tests running for debugging (<c>HARNESS_KEEP_MACHINES</c>). Default false.</summary>
    public bool KeepMachines { get; init; }

    /// <summary>
    /// Whether tests get machines restored from a template booted once per distinct machine spec
    /// (<c>HARNESS_RESTORE</c>, default on) where the platform can save machines and the test does not ask for a fresh
    /// boot (<c>[OsTest(FreshBoot = true)]</c>). Off: every machine boots.
    /// </summary>
    public bool Restore { get; init; } = true;

    /// <summary>How often a failed test is run again (<c>HARNESS_RERUNS</c>, 0–20). Default 0; every attempt is recorded.</summary>
    public int Reruns { get; init; }

    /// <summary>The YAML denylist (<c>HARNESS_DENYLIST</c>, see docs/results.md); null = none.</summary>
    public string? DenylistFile { get; init; }

    /// <summary>
    /// The platforms' own settings (<see cref="HarnessSettingsLoader.PlatformVariables"/>, e.g. <c>HARNESS_AZURE_*</c>)
    /// as given, environment first, then the settings file; a name that is set nowhere is absent.
    /// </summary>
    public IReadOnlyDictionary<string, string> PlatformValues { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The value of a platform setting from <see cref="PlatformValues"/>, or null when it is unset.</summary>
    public string? PlatformValue(string name) => PlatformValues.GetValueOrDefault(name);

    /// <summary>The repository root (the folder holding <c>Harness.sln</c>), when found.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>The JSON settings file that was read (<c>HARNESS_SETTINGS</c>), if any.</summary>
    public string? SettingsFile { get; init; }
}
