using System.Text.RegularExpressions;
using Harness.ConsoleChecks;
using Harness.Machines;

namespace Harness.Catalog;

/// <summary>
/// What the catalog knows about one OS test before running it: its kola-style name and the conditions under which
/// it applies. Built from the <c>[OsTest]</c> attribute by the xunit glue; plain data, so selection is testable.
/// </summary>
public sealed partial record TestMetadata
{
    /// <summary>Creates metadata after checking the name is a valid kola-style name.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not dotted lowercase-ish segments (see <see cref="IsValidName"/>).</exception>
    public TestMetadata(string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid test name: expected dotted segments of letters, digits, '_' and '-' (like cl.ignition.files)",
                nameof(name));
        }

        Name = name;
    }

    /// <summary>The stable, dotted, kola-style test id (<c>cl.ignition.files</c>).</summary>
    public string Name { get; }

    /// <summary>Architectures the test supports; empty = all.</summary>
    public IReadOnlyList<Arch> Architectures { get; init; } = [];

    /// <summary>Capabilities the platform must have.</summary>
    public PlatformCapabilities Requires { get; init; }

    /// <summary>Oldest image version the test applies to (inclusive); null = any.</summary>
    public DottedVersion? MinVersion { get; init; }

    /// <summary>The test's own time limit; null = <c>HARNESS_TEST_TIMEOUT</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// True when every machine of the test must boot, never be restored from a saved template (the test checks the
    /// first boot itself, boots another slot, or needs its own machine identity).
    /// </summary>
    public bool FreshBoot { get; init; }

    /// <summary>Console checks this test opts out of (<c>[AllowConsole]</c>), each with a reason.</summary>
    public IReadOnlyList<ConsoleCheckOptOut> ConsoleOptOuts { get; init; } = [];

    /// <summary>
    /// True for names made of one or more dot-separated segments of ASCII letters, digits, <c>_</c> and <c>-</c>
    /// (kola's names: <c>cl.ignition.v2_1.swap</c>, <c>kubeadm.v1.34.4.calico.base</c>).
    /// </summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
