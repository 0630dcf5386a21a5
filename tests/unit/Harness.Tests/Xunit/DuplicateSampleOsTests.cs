using Harness.Xunit;

namespace Harness.Tests.Xunit;

/// <summary>Declares a name twice, so the catalog can report it. Abstract: not run as tests of this assembly.</summary>
public abstract class DuplicateSampleOsTests
{
    [OsTest("sample.duplicate")]
    public Task First() => Task.CompletedTask;

    [OsTest("sample.duplicate")]
    public Task Second() => Task.CompletedTask;
}

/// <summary>The runnable form of <see cref="DuplicateSampleOsTests"/> (internal: not discovered).</summary>
internal sealed class RunnableDuplicateSampleOsTests : DuplicateSampleOsTests;
