using Harness.Machines;
using Harness.Platforms;
using Harness.Settings;
using Microsoft.Extensions.Logging;

namespace Harness.Xunit.Runs;

/// <summary>Hands the run's settings to <see cref="PlatformFactory"/>, the one place that knows concrete platforms.</summary>
internal static class PlatformBinding
{
    /// <summary>Validates the platform options and creates the platform (starts no machine).</summary>
    /// <exception cref="Exception">The factory's one-line configuration error naming the setting.</exception>
    public static IPlatform Create(HarnessSettings settings, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var platformSettings = new PlatformSettings(settings.Platform, settings.Arch, settings.ImagePath)
        {
            FirmwareCode = settings.FirmwareCode,
            FirmwareVars = settings.FirmwareVars,
            QemuBinary = settings.QemuBinary,
            Accelerator = settings.Accelerator,
        };
        return PlatformFactory.Create(platformSettings, loggerFactory);
    }
}
