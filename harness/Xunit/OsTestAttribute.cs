using Harness.Machines;
using Xunit;
using Xunit.Sdk;

namespace Harness.Xunit;

/// <summary>
/// Marks an OS test and gives it its stable, dotted, kola-style name (<c>[OsTest("cl.ignition.files")]</c>).
/// The name is the test's id everywhere: <c>HARNESS_TESTS</c> globs, the <c>OsTest</c> trait
/// (<c>dotnet test --filter "OsTest=cl.basic"</c>), the display name, the artifact folder and <c>results.json</c>.
/// Before the body runs the harness decides whether the test applies (selection, <see cref="Architectures"/>,
/// <see cref="Requires"/>, <see cref="MinVersion"/>) and reports it skipped with the reason when it does not; it
/// enforces <see cref="TimeoutSeconds"/>, disposes the machines the test started and fails the test on console-check
/// findings it did not allow (<see cref="AllowConsoleAttribute"/>). Runtime skips: <c>Skip.If(cond, "reason")</c>.
/// The method takes no parameters and returns <see cref="Task"/>.
/// </summary>
[XunitTestCaseDiscoverer("Harness.Xunit.Sdk.OsTestDiscoverer", "Harness.Xunit")]
[TraitDiscoverer("Harness.Xunit.Sdk.OsTestTraitDiscoverer", "Harness.Xunit")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OsTestAttribute : FactAttribute, ITraitAttribute
{
    /// <summary>The trait name under which the test name is exposed (<c>--filter "OsTest=cl.basic"</c>).</summary>
    public const string TraitName = "OsTest";

    /// <summary>Declares an OS test named <paramref name="name"/>.</summary>
    /// <param name="name">Dotted kola-style name, unique in the catalog (<c>cl.ignition.files</c>); keep kola's name for ports.</param>
    public OsTestAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The test's kola-style name.</summary>
    public string Name { get; }

    /// <summary>Architectures the test supports. Default: all.</summary>
    public Arch[] Architectures { get; set; } = [];

    /// <summary>Capabilities the platform must have (<c>PlatformCapabilities.Reboot | …</c>). Default none.</summary>
    public PlatformCapabilities Requires { get; set; }

    /// <summary>Oldest image version the test applies to, inclusive (<c>"3530.0.0"</c>). Default: any.</summary>
    public string? MinVersion { get; set; }

    /// <summary>The test's time limit in seconds; 0 (default) means <c>HARNESS_TEST_TIMEOUT</c> (10 minutes unless set).</summary>
    public int TimeoutSeconds { get; set; }

    /// <summary>
    /// True when the test's machines must boot (default false). Otherwise, where the platform can save machines
    /// (<see cref="PlatformCapabilities.Snapshots"/>) and <c>HARNESS_RESTORE</c> is on, a single machine with a typed
    /// Ignition config and no private network is restored from a template booted once per distinct spec in the run,
    /// in seconds; restored machines share the template's boot id, machine id and SSH host keys. Set it when the test
    /// checks the first boot itself, boots into another slot, or needs a machine identity of its own.
    /// </summary>
    public bool FreshBoot { get; set; }
}
