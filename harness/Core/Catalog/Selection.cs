using Harness.Settings;

namespace Harness.Catalog;

/// <summary>
/// Decides whether a test runs on this platform and image, and if not, says why in words a reader of the report
/// understands. Checks, in order: the name against <c>HARNESS_TESTS</c>, the architecture, the required capabilities,
/// then <c>MinVersion</c> (skipped when the image version is unknown, or when a pattern names the test exactly, as kola does).
/// </summary>
public static class Selection
{
    /// <summary>Decides with the patterns from <paramref name="settings"/>.</summary>
    public static SelectionDecision Decide(TestMetadata test, HarnessSettings settings, PlatformFacts facts)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Decide(test, TestPatterns.From(settings.TestPatterns), facts);
    }

    /// <summary>Decides whether <paramref name="test"/> runs.</summary>
    public static SelectionDecision Decide(TestMetadata test, TestPatterns patterns, PlatformFacts facts)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(facts);

        var byName = DecideByName(test.Name, patterns);
        if (!byName.ShouldRun)
        {
            return byName;
        }

        if (test.Architectures.Count > 0 && !test.Architectures.Contains(facts.Arch))
        {
            return SelectionDecision.Skip(
                $"architecture {ArchName(facts.Arch)} not supported by this test (it supports {string.Join(", ", test.Architectures.Select(ArchName))})");
        }

        var missing = test.Requires & ~facts.Capabilities;
        if (missing != 0)
        {
            var has = facts.Capabilities == 0 ? "none" : facts.Capabilities.ToString();
            return SelectionDecision.Skip(
                $"requires capability {missing}, platform {facts.Platform} has {has}");
        }

        if (test.MinVersion is { } min && facts.ImageVersion is { } version && version < min && !patterns.NamesExactly(test.Name))
        {
            return SelectionDecision.Skip($"image version {version} is older than the test's minimum {min}");
        }

        return SelectionDecision.Run;
    }

    /// <summary>The first stage, needing neither platform nor image: is the name selected by the patterns?</summary>
    public static SelectionDecision DecideByName(string name, TestPatterns patterns)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(patterns);
        return patterns.Matches(name)
            ? SelectionDecision.Run
            : SelectionDecision.Skip($"not selected by HARNESS_TESTS='{patterns.Text}'");
    }

    private static string ArchName(Machines.Arch arch) => HarnessSettingsLoader.ArchName(arch);
}
