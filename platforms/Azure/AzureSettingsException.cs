using Harness.Failures;
using Harness.Machines;

namespace Harness.Platforms.Azure;

/// <summary>
/// An Azure setting is missing or wrong. Thrown before anything is created in Azure; the message is one line naming
/// the setting (an environment variable such as <c>HARNESS_AZURE_SUBSCRIPTION</c>), what is wrong and how to fix it.
/// </summary>
public class AzureSettingsException : InfrastructureException
{
    /// <summary>Creates the exception for <paramref name="setting"/>.</summary>
    public AzureSettingsException(string setting, string message) : base(message) => Setting = setting;

    public AzureSettingsException(string message) : base(message) => Setting = "";

    public AzureSettingsException(string message, Exception inner) : base(message, inner) => Setting = "";

    public AzureSettingsException() => Setting = "";

    /// <summary>The setting at fault, as the user spells it.</summary>
    public string Setting { get; }
}
