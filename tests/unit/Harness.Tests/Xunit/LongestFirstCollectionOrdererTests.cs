using Harness.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit;
using Xunit.Sdk;

namespace Harness.Tests.Xunit;

public sealed class LongestFirstCollectionOrdererTests
{
    [Fact]
    public void The_collection_with_the_longest_time_limit_starts_first_and_the_others_keep_xunits_order()
    {
        // Each discovered case sits in its own collection, as each test class of a catalog does.
        var passes = InProcessRun.Discover(nameof(SampleOsTests.Passes));
        var fails = InProcessRun.Discover(nameof(SampleOsTests.Fails));
        var slow = InProcessRun.Discover(nameof(SampleOsTests.Too_slow)); // TimeoutSeconds = 1; the others 0
        var given = new[] { passes, fails, slow }.Select(c => c.TestMethod.TestClass.TestCollection).ToList();

        var ordered = LongestFirstCollectionOrderer.For([passes, fails, slow], new AsGiven()).OrderTestCollections(given).ToList();

        Assert.Equal([given[2], given[0], given[1]], ordered);
    }

    private sealed class AsGiven : ITestCollectionOrderer
    {
        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) => testCollections;
    }
}
