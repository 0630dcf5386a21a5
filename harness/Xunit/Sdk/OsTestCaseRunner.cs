using System.Reflection;
using Harness.Xunit.Runs;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Xunit.Sdk;

/// <summary>Runs an <see cref="OsTestCase"/>'s single test with an <see cref="OsTestRunner"/>.</summary>
internal sealed class OsTestCaseRunner : XunitTestCaseRunner
{
    private readonly TestPlan _plan;

    public OsTestCaseRunner(
        IXunitTestCase testCase,
        string displayName,
        string? skipReason,
        object[] constructorArguments,
        object[] testMethodArguments,
        IMessageBus messageBus,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        TestPlan plan)
        : base(testCase, displayName, skipReason, constructorArguments, testMethodArguments, messageBus, aggregator, cancellationTokenSource)
    {
        _plan = plan;
    }

    /// <summary>The test runner, once created (null when the test was skipped before running).</summary>
    public OsTestRunner? TestRunner { get; private set; }

    protected override XunitTestRunner CreateTestRunner(
        ITest test,
        IMessageBus messageBus,
        Type testClass,
        object[] constructorArguments,
        MethodInfo testMethod,
        object[] testMethodArguments,
        string skipReason,
        IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource) =>
        TestRunner = new OsTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource, _plan);
}
