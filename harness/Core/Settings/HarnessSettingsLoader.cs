using System.Globalization;
using System.Text.Json;
using Harness.Catalog;
using Harness.Denylists;
using Harness.Machines;

namespace Harness.Settings;

/// <summary>
/// Reads <see cref="HarnessSettings"/> from <c>HARNESS_*</c> environment variables and, when <c>HARNESS_SETTINGS</c>
/// names one, a JSON file whose keys are the same variable names (<c>{ "HARNESS_PARALLEL": 2 }</c>). A non-empty
/// environment variable wins over the file. Relative paths resolve against the current directory (environment) or
/// the file's folder (file). Every problem is reported, one line each, naming the variable and the value.
/// </summary>
public static class HarnessSettingsLoader
{
    /// <summary>Names the optional JSON settings file.</summary>
    public const string SettingsFileVariable = "HARNESS_SETTINGS";

    /// <summary>The channels <c>HARNESS_CHANNEL</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Channels = ["developer", "alpha", "beta", "stable", "lts"];

    /// <summary>
    /// The settings the platforms read themselves (through <see cref="HarnessSettings.PlatformValue"/>), which a settings
    /// file may hold like any other: the Azure platform's <c>HARNESS_AZURE_*</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> PlatformVariables =
    [
        "HARNESS_AZURE_SUBSCRIPTION", "HARNESS_AZURE_LOCATION", "HARNESS_AZURE_SIZE", "HARNESS_AZURE_IMAGE",
        "HARNESS_AZURE_SKU", "HARNESS_AZURE_IMAGE_VERSION", "HARNESS_AZURE_TTL", "HARNESS_AZURE_PROVISION_TIMEOUT",
    ];

    /// <summary>Every setting the loader knows (the keys a settings file may use).</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        "HARNESS_PLATFORM", "HARNESS_ARCH", "HARNESS_CHANNEL", "HARNESS_IMAGE", "HARNESS_IMAGE_VERSION",
        "HARNESS_FIRMWARE_CODE", "HARNESS_FIRMWARE_VARS", "HARNESS_QEMU", "HARNESS_ACCEL", "HARNESS_PARALLEL",
        "HARNESS_OUTPUT", "HARNESS_TESTS", "HARNESS_TEST_TIMEOUT", "HARNESS_KEEP_MACHINES",
        "HARNESS_UPDATE_PAYLOAD", "HARNESS_UPDATE_VERSION", "HARNESS_RERUNS", "HARNESS_DENYLIST", "HARNESS_RESTORE",
        .. PlatformVariables,
    ];

    /// <summary>Reads the settings of this process.</summary>
    /// <param name="imageRequired">
    /// False for commands that boot nothing (<c>harness list</c>): a missing default image is then no error (the
    /// settings' <see cref="HarnessSettings.ImagePath"/> is empty); a <c>HARNESS_IMAGE</c> that is given is still checked.
    /// </param>
    /// <exception cref="HarnessSettingsException">A setting is invalid; the message has one line per problem.</exception>
    public static HarnessSettings FromEnvironment(bool imageRequired = true) => Load(SettingsSources.FromProcess(), imageRequired);

    /// <summary>Reads settings from <paramref name="sources"/>.</summary>
    /// <param name="sources">Where the values come from.</param>
    /// <param name="imageRequired">False when a missing default image is no error (see <see cref="FromEnvironment"/>).</param>
    /// <exception cref="HarnessSettingsException">A setting is invalid; the message has one line per problem.</exception>
    public static HarnessSettings Load(SettingsSources sources, bool imageRequired = true)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var errors = new List<string>();
        var reader = new SettingsReader(sources, errors);

        var repoRoot = RepositoryRoot.Find(sources.BaseDirectory) ?? RepositoryRoot.Find(sources.CurrentDirectory);

        var platform = reader.Parse("HARNESS_PLATFORM", "qemu", v =>
            char.IsAsciiLetterLower(v[0]) && v.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
                ? v : throw Invalid("expected a platform name like qemu"));

        var arch = reader.Parse("HARNESS_ARCH", sources.HostArch, ParseArch);

        var channel = reader.Parse("HARNESS_CHANNEL", "developer", v =>
            Channels.Contains(v) ? v : throw Invalid("expected one of " + string.Join(", ", Channels)));

        // A cloud platform boots its own images (HARNESS_AZURE_IMAGE, a marketplace SKU): no local disk image needed.
        var image = reader.Raw("HARNESS_IMAGE") is not null || (platform == "qemu" && imageRequired)
            ? ResolveImage(reader, repoRoot, arch, errors)
            : "";
        var version = ResolveVersion(reader, "HARNESS_IMAGE_VERSION", image, errors);
        CheckImageArch(reader, image, arch, errors);
        var payload = ResolveUpdatePayload(reader, repoRoot, arch);
        var updateVersion = ResolveVersion(reader, "HARNESS_UPDATE_VERSION", payload, errors);
        if (payload is not null && updateVersion is null && reader.Raw("HARNESS_UPDATE_PAYLOAD") is not null)
        {
            errors.Add($"HARNESS_UPDATE_PAYLOAD={payload} has no manifest.json beside it to read its version from; set HARNESS_UPDATE_VERSION");
        }

        var firmwareCode = reader.ExistingFile("HARNESS_FIRMWARE_CODE");
        var firmwareVars = reader.ExistingFile("HARNESS_FIRMWARE_VARS");

        var qemu = reader.Raw("HARNESS_QEMU") is { } q
            ? (q.Value.Contains('/', StringComparison.Ordinal) ? reader.ExistingFile("HARNESS_QEMU") : q.Value)
            : null;

        var accel = reader.Parse<string?>("HARNESS_ACCEL", null, v => v.ToLowerInvariant() switch
        {
            "kvm" or "tcg" => v.ToLowerInvariant(),
            "probe" or "auto" => null,
            _ => throw Invalid("expected kvm, tcg or probe"),
        });

        var parallel = reader.Parse<int?>("HARNESS_PARALLEL", null, v =>
            string.Equals(v, "auto", StringComparison.OrdinalIgnoreCase) ? null
            : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
            : throw Invalid("expected a positive integer or 'auto'"));

        var output = reader.FullPath("HARNESS_OUTPUT");
        if (output is not null && File.Exists(output))
        {
            errors.Add($"{reader.Raw("HARNESS_OUTPUT")!.Describe()}: {output} is a file, not a folder: name the folder run folders go into (default <repo>/artifacts/runs)");
        }
        else if (output is null)
        {
            if (repoRoot is null)
            {
                errors.Add($"HARNESS_OUTPUT is not set and no {RepositoryRoot.MarkerFile} was found above {sources.BaseDirectory} to default to <repo>/artifacts/runs");
            }
            else
            {
                output = Path.Combine(repoRoot, "artifacts", "runs");
            }
        }

        var patterns = reader.Parse<IReadOnlyList<string>>("HARNESS_TESTS", ["*"], ParsePatterns);

        var timeout = reader.Parse("HARNESS_TEST_TIMEOUT", TimeSpan.FromMinutes(10), v =>
            DurationParser.TryParse(v, out var d) && d > TimeSpan.Zero ? d : throw Invalid("expected " + DurationParser.Expected));

        var keep = reader.Parse("HARNESS_KEEP_MACHINES", false, ParseSwitch);
        var restore = reader.Parse("HARNESS_RESTORE", true, ParseSwitch);

        var reruns = reader.Parse("HARNESS_RERUNS", 0, v =>
            int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 20 ? n
            : throw Invalid("expected a number of reruns from 0 to 20"));

        var denylist = reader.Raw("HARNESS_DENYLIST") is null ? null : reader.ExistingFile("HARNESS_DENYLIST");
        if (denylist is not null)
        {
            try
            {
                _ = Denylist.Load(denylist);
            }
            catch (DenylistException e)
            {
                errors.Add($"{reader.Raw("HARNESS_DENYLIST")!.Describe()}: {e.Message} (the format: docs/results.md, \"Denylist\")");
            }
        }

        var platformValues = PlatformVariables
            .Select(name => (name, raw: reader.Raw(name)))
            .Where(p => p.raw is not null)
            .ToDictionary(p => p.name, p => p.raw!.Value, StringComparer.Ordinal);

        if (errors.Count > 0)
        {
            throw new HarnessSettingsException(errors);
        }

        return new HarnessSettings
        {
            Platform = platform,
            Arch = arch,
            Channel = channel,
            ImagePath = image!,
            ImageVersion = version,
            UpdatePayload = payload,
            UpdateVersion = payload is null ? null : updateVersion,
            FirmwareCode = firmwareCode,
            FirmwareVars = firmwareVars,
            QemuBinary = qemu,
            Accelerator = accel,
            Parallel = parallel,
            OutputRoot = output!,
            TestPatterns = patterns,
            TestTimeout = timeout,
            KeepMachines = keep,
            Restore = restore,
            Reruns = reruns,
            DenylistFile = denylist,
            PlatformValues = platformValues,
            RepositoryRoot = repoRoot,
            SettingsFile = reader.SettingsFile,
        };
    }

    private static bool ParseSwitch(string value) => value.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw Invalid("expected 1/0, true/false, yes/no or on/off"),
    };

    /// <summary>Formats <paramref name="arch"/> as the settings and image folders spell it (<c>amd64</c>, <c>arm64</c>).</summary>
    public static string ArchName(Arch arch) => arch switch
    {
        Arch.Amd64 => "amd64",
        Arch.Arm64 => "arm64",
        _ => arch.ToString().ToLowerInvariant(),
    };

    private static Arch ParseArch(string v) => v.ToLowerInvariant() switch
    {
        "amd64" or "x86_64" or "x64" => Arch.Amd64,
        "arm64" or "aarch64" => Arch.Arm64,
        _ => throw Invalid("expected amd64 or arm64"),
    };

    private static IReadOnlyList<string> ParsePatterns(string value)
    {
        var patterns = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (patterns.Length == 0)
        {
            return ["*"];
        }

        foreach (var pattern in patterns)
        {
            if (!KolaGlob.TryParse(pattern, out _, out var error))
            {
                throw Invalid($"pattern '{pattern}' is not a valid kola glob ({error})");
            }
        }

        return patterns;
    }

    private static InvalidValueException Invalid(string expectation) => new(expectation);

    private static string? ResolveImage(SettingsReader reader, string? repoRoot, Arch arch, List<string> errors)
    {
        if (reader.Raw("HARNESS_IMAGE") is not null)
        {
            return reader.ExistingFile("HARNESS_IMAGE");
        }

        if (repoRoot is null)
        {
            errors.Add($"HARNESS_IMAGE is not set and no {RepositoryRoot.MarkerFile} was found above the harness to locate the default image");
            return null;
        }

        var path = Path.Combine(repoRoot, "artifacts", "images", ArchName(arch), "current", "disk.qcow2");
        if (!File.Exists(path))
        {
            errors.Add($"HARNESS_IMAGE is not set and the default image {path} does not exist (build it with images/contract/build --arch {ArchName(arch)})");
            return null;
        }

        return path;
    }

    private static string? ResolveUpdatePayload(SettingsReader reader, string? repoRoot, Arch arch)
    {
        if (reader.Raw("HARNESS_UPDATE_PAYLOAD") is not null)
        {
            return reader.ExistingFile("HARNESS_UPDATE_PAYLOAD");
        }

        // The contract image's N+1 payload goes with the contract image only: a user's Flatcar image needs its own.
        if (reader.Raw("HARNESS_IMAGE") is not null || repoRoot is null)
        {
            return null;
        }

        var path = Path.Combine(repoRoot, "artifacts", "images", ArchName(arch), "next", "update.payload");
        return File.Exists(path) ? path : null;
    }

    /// <summary>The version given by <paramref name="variable"/>, else the <c>version</c> of the manifest.json beside <paramref name="file"/>.</summary>
    private static string? ResolveVersion(SettingsReader reader, string variable, string? file, List<string> errors)
    {
        var explicitVersion = reader.Parse<string?>(variable, null, v =>
            DottedVersion.TryParse(v, out _) ? v : throw Invalid("expected a dotted version like 4230.2.1"));
        if (explicitVersion is not null || string.IsNullOrEmpty(file))
        {
            return explicitVersion;
        }

        return ManifestField(file, "version", variable, errors);
    }

    /// <summary>
    /// The image's architecture as the <c>manifest.json</c> beside it names it (the contract image writes one) must be
    /// <paramref name="arch"/>: a guest of another architecture would only fail later, in its firmware.
    /// </summary>
    private static void CheckImageArch(SettingsReader reader, string? image, Arch arch, List<string> errors)
    {
        if (string.IsNullOrEmpty(image) || ManifestField(image, "arch", "HARNESS_IMAGE_VERSION", []) is not { } named)
        {
            return;
        }

        var archName = ArchName(arch);
        if (!string.Equals(named, archName, StringComparison.OrdinalIgnoreCase))
        {
            var where = reader.Raw("HARNESS_IMAGE")?.Describe() ?? $"the default image {image}";
            errors.Add($"{where}: an {named} image (its manifest.json says so), but HARNESS_ARCH is {archName}: set HARNESS_ARCH={named} or point HARNESS_IMAGE at an {archName} image");
        }
    }

    /// <summary>The string <paramref name="field"/> of the manifest.json beside <paramref name="file"/>; null when there is none.</summary>
    private static string? ManifestField(string file, string field, string variable, List<string> errors)
    {
        var manifest = Path.Combine(Path.GetDirectoryName(file)!, "manifest.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty(field, out var v)
                && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
        }
        catch (JsonException ex)
        {
            var error = $"{manifest}: not valid JSON ({ex.Message}); fix it or set {variable}";
            if (!errors.Contains(error))
            {
                errors.Add(error);
            }

            return null;
        }
    }
}
