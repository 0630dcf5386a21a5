using System.Reflection;
using Harness.Catalog;
using Harness.Denylists;
using Harness.Failures;
using Harness.Settings;

namespace Harness.Xunit.Runs;

/// <summary>
/// What the harness decided for one test before its body runs: run it, skip it (with the reason), or fail it at
/// once (with the one-line setup error). Deciding never throws and never starts a VM.
/// Order: the <c>[OsTest]</c> attributes → settings and run → the catalog's duplicate names and <c>HARNESS_TESTS</c>
/// patterns → selection by name → the platform (set up once) → selection by arch, capabilities and image version.
/// </summary>
internal sealed class TestPlan
{
    private TestPlan(TestMetadata? metadata, HarnessRun? run, RunPlatform? platform, string? skipReason, Exception? setupError, DenylistDecision? denylist = null)
    {
        Denylist = denylist ?? DenylistDecision.None;
        Metadata = metadata;
        Run = run;
        Platform = platform;
        SkipReason = skipReason;
        SetupError = setupError;
    }

    /// <summary>The test's metadata; null when its attributes are invalid.</summary>
    public TestMetadata? Metadata { get; }

    /// <summary>The run; null when the settings are invalid (then nothing can be recorded).</summary>
    public HarnessRun? Run { get; }

    /// <summary>The platform side; set when the test runs.</summary>
    public RunPlatform? Platform { get; }

    /// <summary>What the denylist said (skip reason, warn-only, tracker); <see cref="DenylistDecision.None"/> when nothing applied.</summary>
    public DenylistDecision Denylist { get; }

    /// <summary>Why the test is skipped, or null.</summary>
    public string? SkipReason { get; }

    /// <summary>Why the test fails before its body runs, or null.</summary>
    public Exception? SetupError { get; }

    /// <summary>
    /// True when <c>HARNESS_TESTS</c> does not select the test: it is not part of this run, so xunit reports it skipped
    /// (with the reason) but results.json, TAP, JUnit and the matrix leave it out, as kola lists only the tests it ran.
    /// </summary>
    public bool NotSelected { get; private init; }

    /// <summary>Decides for <paramref name="method"/> in the process's run.</summary>
    public static Task<TestPlan> PrepareAsync(MethodInfo method) =>
        PrepareAsync(method, () => HarnessRun.Current);

    /// <summary>Decides for <paramref name="method"/> in the run <paramref name="getRun"/> returns (a seam for tests).</summary>
    public static async Task<TestPlan> PrepareAsync(MethodInfo method, Func<HarnessRun> getRun)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(getRun);

        TestMetadata? metadata = null;
        HarnessRun? run = null;
        try
        {
            metadata = OsTestMetadataReader.Read(method);
            run = getRun();

            var discovery = CatalogDiscovery.For(method.DeclaringType!.Assembly);
            if (discovery.Duplicates.TryGetValue(metadata.Name, out var declaredBy))
            {
                return Fail($"duplicate test name '{metadata.Name}': declared by {string.Join(" and ", declaredBy)}; every [OsTest] name must be unique");
            }

            if (discovery.Catalog.ValidatePatterns(run.Patterns) is { } patternError)
            {
                return Fail(patternError);
            }

            var byName = Selection.DecideByName(metadata.Name, run.Patterns);
            if (!byName.ShouldRun)
            {
                return new TestPlan(metadata, run, null, byName.SkipReason, null) { NotSelected = true };
            }

            var platform = await run.GetPlatformAsync();
            var decision = Selection.Decide(metadata, run.Patterns, platform.Facts);
            if (decision.SkipReason is not null)
            {
                return new TestPlan(metadata, run, platform, decision.SkipReason, null);
            }

            var denied = run.Denylist.Decide(
                metadata.Name,
                run.Settings.Platform,
                HarnessSettingsLoader.ArchName(run.Settings.Arch),
                run.Settings.Channel,
                DateOnly.FromDateTime(run.Time.GetUtcNow().UtcDateTime));
            return new TestPlan(metadata, run, platform, denied.SkipReason, null, denied);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Expected setup failures are the one line to fix; anything else keeps its stack for the bug report.
            var expected = e is HarnessSettingsException or DenylistException or HarnessSetupException or InvalidOperationException or InfrastructureException;
            return new TestPlan(metadata, run, null, null, expected ? new HarnessSetupException(e.Message) : new HarnessSetupException(e.Message, e));
        }

        TestPlan Fail(string message) => new(metadata, run, null, null, new HarnessSetupException(message));
    }
}
