using Harness.Failures;
using Harness.Machines;
using Harness.Platforms.Azure;
using Harness.Platforms.Qemu;
using Harness.Settings;
using Microsoft.Extensions.Logging;

namespace Harness.Platforms;

/// <summary>The one place that knows the concrete platforms.</summary>
public static class PlatformFactory
{
    /// <summary>Environment variable naming the platform (used in messages).</summary>
    public const string PlatformSetting = "HARNESS_PLATFORM";

    /// <summary>The platform names <see cref="Create(PlatformSettings, ILoggerFactory?)"/> accepts.</summary>
    public static IReadOnlyList<string> KnownPlatforms { get; } = ["qemu", "azure"];

    /// <summary>Creates and validates the platform named in <paramref name="settings"/>. Starts no machine.</summary>
    /// <exception cref="ConfigurationException">Unknown platform name or a wrong setting (one line naming the setting).</exception>
    public static IPlatform Create(PlatformSettings settings, ILoggerFactory? logging)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var name = settings.Platform?.Trim().ToLowerInvariant() ?? "";
        return name switch
        {
            "qemu" => new QemuPlatform(QemuOptionsFrom(settings), logging),
            "azure" => new AzurePlatform(AzureOptionsFrom(settings), settings.Arch, logging),
            _ => throw UnknownPlatform(settings.Platform),
        };
    }

    /// <summary>The QEMU options <paramref name="settings"/> describe.</summary>
    /// <exception cref="ConfigurationException"><c>HARNESS_ACCEL</c> is not auto, kvm or tcg.</exception>
    /// <summary>Creates the platform the harness settings name (<c>HARNESS_PLATFORM</c> and the platform's own settings).</summary>
    /// <exception cref="ConfigurationException">A setting is invalid; the one-line message names it.</exception>
    public static IPlatform Create(HarnessSettings settings, ILoggerFactory? logging) => Create(From(settings), logging);

    /// <summary>
    /// Checks what <see cref="Create(HarnessSettings, ILoggerFactory?)"/> would check — the platform name and its
    /// options (QEMU: image, firmware, qemu binaries; Azure: its variables) — without creating the platform.
    /// </summary>
    /// <exception cref="InfrastructureException">A setting is invalid; the one-line message names it and the fix.</exception>
    public static void Validate(HarnessSettings settings)
    {
        var platform = From(settings);
        switch (platform.Platform?.Trim().ToLowerInvariant())
        {
            case "qemu":
                QemuOptionsFrom(platform).Validate();
                break;
            case "azure":
                AzureOptionsFrom(platform).Validate();
                break;
            default:
                throw UnknownPlatform(platform.Platform);
        }
    }

    /// <summary>Checks that <paramref name="name"/> is one of <see cref="KnownPlatforms"/>.</summary>
    /// <exception cref="ConfigurationException">It is not (one line naming the setting and the choices).</exception>
    public static void ValidateName(string? name)
    {
        if (!KnownPlatforms.Contains(name?.Trim().ToLowerInvariant()))
        {
            throw UnknownPlatform(name);
        }
    }

    private static PlatformSettings From(HarnessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new PlatformSettings(settings.Platform, settings.Arch, settings.ImagePath)
        {
            FirmwareCode = settings.FirmwareCode,
            FirmwareVars = settings.FirmwareVars,
            QemuBinary = settings.QemuBinary,
            Accelerator = settings.Accelerator,
            Channel = settings.Channel,
            Variables = settings.PlatformValue,
        };
    }

    private static ConfigurationException UnknownPlatform(string? name) =>
        new(PlatformSetting, $"platform '{name}' ({PlatformSetting}) is unknown: use one of {string.Join(", ", KnownPlatforms)}");

    public static QemuOptions QemuOptionsFrom(PlatformSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new QemuOptions
        {
            Arch = settings.Arch,
            ImagePath = settings.ImagePath,
            FirmwareCode = Blank(settings.FirmwareCode),
            FirmwareVars = Blank(settings.FirmwareVars),
            QemuBinary = Blank(settings.QemuBinary),
            Accelerator = ParseAccelerator(settings.Accelerator),
            StateDir = Blank(settings.StateDir),
        };
    }

    /// <summary>The Azure options: <c>HARNESS_AZURE_*</c> from <see cref="PlatformSettings.Variables"/>, SKU from the channel.</summary>
    /// <exception cref="AzureSettingsException">A duration setting does not parse.</exception>
    public static AzureOptions AzureOptionsFrom(PlatformSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return AzureOptions.FromVariables(settings.Variables ?? Environment.GetEnvironmentVariable, settings.Channel);
    }

    /// <summary>
    /// <c>harness gc</c>: deletes the leaked, expired resource groups of <paramref name="platform"/> that carry the
    /// harness's tag; returns one line per group looked at. Platforms without cloud resources have nothing to collect.
    /// </summary>
    /// <exception cref="InfrastructureException">A setting is wrong or the cloud could not be listed.</exception>
    public static async Task<IReadOnlyList<string>> CollectGarbageAsync(
        string platform, TimeSpan olderThan, bool dryRun, ILoggerFactory? logging, CancellationToken cancellationToken)
    {
        switch (platform?.Trim().ToLowerInvariant())
        {
            case "azure":
                using (var collector = new AzureGarbageCollector(AzureOptions.FromVariables(Environment.GetEnvironmentVariable, null), logging))
                {
                    return await collector.CollectAsync(olderThan, dryRun, cancellationToken);
                }

            case "qemu":
                return ["qemu keeps nothing outside this machine; leftovers of dead runs are swept when the next run starts"];
            default:
                throw UnknownPlatform(platform);
        }
    }

    /// <summary>Parses <c>HARNESS_ACCEL</c>: <c>auto</c> (or empty), <c>kvm</c>, <c>tcg</c>; case-insensitive.</summary>
    /// <exception cref="ConfigurationException">Any other value.</exception>
    public static QemuAccelerator ParseAccelerator(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => QemuAccelerator.Auto,
        "kvm" => QemuAccelerator.Kvm,
        "tcg" => QemuAccelerator.Tcg,
        _ => throw new ConfigurationException(QemuOptions.AcceleratorSetting,
            $"accelerator '{value}' ({QemuOptions.AcceleratorSetting}) is unknown: use auto, kvm or tcg"),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
