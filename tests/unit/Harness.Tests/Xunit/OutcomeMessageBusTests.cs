using Harness.Results;
using Harness.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Tests.Xunit;

public sealed class OutcomeMessageBusTests
{
    private static readonly IXunitTestCase Case = InProcessRun.Discover(nameof(SampleOsTests.Passes));
    private static readonly ITest Test = new XunitTest(Case, "sample.pass");

    [Fact]
    public void Learns_a_pass()
    {
        var (bus, inner) = Bus();
        bus.QueueMessage(new TestPassed(Test, 1.5m, ""));
        Assert.Equal(new TestOutcome(TestStatus.Passed, null), bus.Outcome);
        Assert.IsType<TestPassed>(Assert.Single(inner));
    }

    [Fact]
    public void Learns_a_failure_without_type_names_or_aggregate_wrappers()
    {
        var (bus, _) = Bus();
        bus.QueueMessage(Failed(
            ["System.AggregateException", "Xunit.Sdk.XunitException", "Harness.Xunit.Sdk.ConsoleCheckException"],
            ["One or more errors occurred.", "the widget is missing", "console check 'kernel-panic' hit on m1 (console.txt:3): …"]));
        Assert.Equal(TestStatus.Failed, bus.Outcome!.Status);
        Assert.Equal("the widget is missing" + Environment.NewLine + "console check 'kernel-panic' hit on m1 (console.txt:3): …", bus.Outcome.Message);
    }

    [Fact]
    public void Turns_a_SkipException_failure_into_a_skip_and_corrects_the_counts()
    {
        var (bus, inner) = Bus();
        bus.QueueMessage(Failed([OutcomeMessageBus.SkipExceptionType], ["no widget here"]));
        bus.QueueMessage(new TestCaseFinished(Case, 0m, 1, 1, 0));

        Assert.Equal(new TestOutcome(TestStatus.Skipped, "no widget here"), bus.Outcome);
        Assert.Equal("no widget here", Assert.IsType<TestSkipped>(inner[0]).Reason);
        var finished = Assert.IsType<TestCaseFinished>(inner[1]);
        Assert.Equal((1, 0, 1), (finished.TestsRun, finished.TestsFailed, finished.TestsSkipped));
        Assert.Equal(1, bus.ConvertedSkips);
    }

    [Fact]
    public void Learns_a_skip_and_passes_other_messages_through()
    {
        var (bus, inner) = Bus();
        var starting = new TestStarting(Test);
        bus.QueueMessage(starting);
        bus.QueueMessage(new TestSkipped(Test, "not selected by HARNESS_TESTS='cl.basic'"));
        Assert.Equal(new TestOutcome(TestStatus.Skipped, "not selected by HARNESS_TESTS='cl.basic'"), bus.Outcome);
        Assert.Same(starting, inner[0]);
    }

    private static TestFailed Failed(string[] types, string[] messages) =>
        new(Test, 1m, "", types, messages, [.. types.Select(_ => "")], [.. types.Select((_, i) => i - 1)]);

    private static (OutcomeMessageBus Bus, List<IMessageSinkMessage> Inner) Bus()
    {
        var inner = new ListBus();
        return (new OutcomeMessageBus(inner), inner.Messages);
    }

    private sealed class ListBus : IMessageBus
    {
        public List<IMessageSinkMessage> Messages { get; } = [];

        public bool QueueMessage(IMessageSinkMessage message)
        {
            Messages.Add(message);
            return true;
        }

        public void Dispose()
        {
        }
    }
}
