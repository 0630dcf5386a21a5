using Harness.Xunit;

namespace Harness.Tests.Xunit;

/// <summary>Sample OS tests for reruns; abstract, so xunit does not run them as tests of this assembly (see <see cref="RunnableFlakySampleOsTests"/>).</summary>
public abstract class FlakySampleOsTests
{
    private static int _flakyRuns;

    /// <summary>Restarts the flaky test's count (each test of the rerun suite starts from zero).</summary>
    public static void Reset() => _flakyRuns = 0;

    [OsTest("sample.flaky")]
    public Task Fails_once_then_passes()
    {
        Assert.True(Interlocked.Increment(ref _flakyRuns) > 1, "the widget is not there yet");
        return Task.CompletedTask;
    }
}

/// <summary>The runnable (internal, undiscovered) form of <see cref="FlakySampleOsTests"/>.</summary>
internal sealed class RunnableFlakySampleOsTests : FlakySampleOsTests;
