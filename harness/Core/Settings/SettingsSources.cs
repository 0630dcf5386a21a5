using System.Runtime.InteropServices;
using Harness.Machines;

namespace Harness.Settings;

/// <summary>
/// Where <see cref="HarnessSettingsLoader"/> reads from: the variables, the folder the harness runs from (to find the
/// repository), the current directory (to resolve relative paths) and the host architecture (the default arch).
/// Tests pass fakes; <see cref="FromProcess"/> is the real thing.
/// </summary>
/// <param name="Variables">Looks up an environment variable; null or empty means unset.</param>
/// <param name="BaseDirectory">Where the harness assemblies are (<see cref="AppContext.BaseDirectory"/>).</param>
/// <param name="CurrentDirectory">Relative paths in variables resolve against this.</param>
/// <param name="HostArch">The host's architecture, the default for <c>HARNESS_ARCH</c>.</param>
public sealed record SettingsSources(Func<string, string?> Variables, string BaseDirectory, string CurrentDirectory, Arch HostArch)
{
    /// <summary>The process environment, <see cref="AppContext.BaseDirectory"/>, the current directory and the OS architecture.</summary>
    public static SettingsSources FromProcess() => new(
        Environment.GetEnvironmentVariable,
        AppContext.BaseDirectory,
        Directory.GetCurrentDirectory(),
        RuntimeInformation.OSArchitecture == Architecture.Arm64 ? Arch.Arm64 : Arch.Amd64);
}
