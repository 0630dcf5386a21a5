using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;
using ITestCollectionOrderer = global::Xunit.ITestCollectionOrderer;

namespace Harness.Xunit.Sdk;

/// <summary>
/// Starts the test collections (one per test class) whose tests have the longest time limits first, so that when the
/// scheduler runs machines side by side, a long test (an update with two reboots, a cluster) does not start last and
/// run alone at the end. A test's limit is its <see cref="OsTestAttribute.TimeoutSeconds"/>: the catalog gives one only
/// to tests that need more than <c>HARNESS_TEST_TIMEOUT</c>, so it marks the long ones. Collections with equal limits
/// keep the order of <paramref name="then"/> (xunit's default).
/// </summary>
internal sealed class LongestFirstCollectionOrderer(IReadOnlyDictionary<string, int> limitSeconds, ITestCollectionOrderer then) : ITestCollectionOrderer
{
    /// <summary>An orderer for <paramref name="testCases"/>: a collection's limit is the largest of its tests.</summary>
    public static LongestFirstCollectionOrderer For(IEnumerable<IXunitTestCase> testCases, ITestCollectionOrderer then)
    {
        ArgumentNullException.ThrowIfNull(testCases);
        var limits = testCases
            .GroupBy(c => c.TestMethod.TestClass.TestCollection.UniqueID.ToString())
            .ToDictionary(g => g.Key, g => g.Max(LimitSeconds), StringComparer.Ordinal);
        return new LongestFirstCollectionOrderer(limits, then);
    }

    /// <inheritdoc />
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        then.OrderTestCollections(testCollections)
            .OrderByDescending(c => limitSeconds.GetValueOrDefault(c.UniqueID.ToString(), 0)); // a stable sort

    private static int LimitSeconds(IXunitTestCase testCase) =>
        testCase.TestMethod.Method.ToRuntimeMethod()?.GetCustomAttribute<OsTestAttribute>()?.TimeoutSeconds ?? 0;
}
