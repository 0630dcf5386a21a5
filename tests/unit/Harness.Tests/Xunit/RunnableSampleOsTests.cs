namespace Harness.Tests.Xunit;

/// <summary>The runnable form of <see cref="SampleOsTests"/> (internal: xunit does not discover it).</summary>
internal sealed class RunnableSampleOsTests : SampleOsTests;
