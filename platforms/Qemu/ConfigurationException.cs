using Harness.Failures;
using Harness.Machines;

namespace Harness.Platforms.Qemu;

/// <summary>
/// A setting is missing or wrong (image not found, firmware not installed, unknown platform name). Thrown before
/// any machine starts. The message is one line: the setting, what is wrong and how to fix it.
/// </summary>
public class ConfigurationException : InfrastructureException
{
    /// <summary>Creates the exception for <paramref name="setting"/> (e.g. <c>HARNESS_IMAGE</c>).</summary>
    public ConfigurationException(string setting, string message) : base(message) => Setting = setting;

    public ConfigurationException(string message) : base(message) => Setting = "";

    public ConfigurationException(string message, Exception inner) : base(message, inner) => Setting = "";

    public ConfigurationException() => Setting = "";

    /// <summary>The setting at fault, as the user spells it (an environment variable such as <c>HARNESS_IMAGE</c>).</summary>
    public string Setting { get; }
}
