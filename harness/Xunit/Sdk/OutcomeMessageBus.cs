using Harness.Results;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Xunit.Sdk;

/// <summary>
/// Sits between an OS test case and xunit's message bus. It (1) learns the outcome from the result message, and
/// (2) turns a failure caused by <c>Xunit.SkipException</c> (<c>Skip.If(…)</c> from Xunit.SkippableFact) into a skip
/// with the exception's message as reason, correcting the test case's counts accordingly. Everything else passes
/// through unchanged. Does not own the inner bus.
/// </summary>
internal sealed class OutcomeMessageBus : IMessageBus
{
    /// <summary>The exception type <c>Skip.If</c>/<c>Skip.IfNot</c> throw.</summary>
    public const string SkipExceptionType = "Xunit.SkipException";

    private readonly IMessageBus inner;

    public OutcomeMessageBus(IMessageBus inner)
    {
        this.inner = inner;
    }

    /// <summary>The outcome of the (last) test seen, or null before its result message.</summary>
    public TestOutcome? Outcome { get; private set; }

    /// <summary>How many failures were turned into skips.</summary>
    public int ConvertedSkips { get; private set; }

    /// <summary>True when a failure's first exception is a <see cref="SkipExceptionType"/>.</summary>
    public static bool IsSkip(ITestFailed failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return failed.ExceptionTypes.Length > 0 && failed.ExceptionTypes[0] == SkipExceptionType;
    }

    /// <summary>The failure's messages without exception type names or aggregate wrappers, one per line.</summary>
    public static string FailureText(ITestFailed failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        var lines = failed.Messages
            .Where((_, i) => failed.ExceptionTypes[i] != typeof(AggregateException).FullName)
            .Where(m => !string.IsNullOrWhiteSpace(m));
        var text = string.Join(Environment.NewLine, lines);
        return text.Length > 0 ? text : failed.ExceptionTypes.FirstOrDefault() ?? "failed";
    }

    public bool QueueMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestFailed failed when IsSkip(failed):
                ConvertedSkips++;
                var reason = failed.Messages.FirstOrDefault() ?? "skipped";
                Outcome = new TestOutcome(TestStatus.Skipped, reason);
                return inner.QueueMessage(new TestSkipped(failed.Test, reason));
            case ITestFailed failed:
                Outcome = new TestOutcome(TestStatus.Failed, FailureText(failed));
                break;
            case ITestSkipped skipped:
                Outcome = new TestOutcome(TestStatus.Skipped, skipped.Reason);
                break;
            case ITestPassed:
                Outcome = new TestOutcome(TestStatus.Passed, null);
                break;
            case ITestCaseFinished finished when ConvertedSkips > 0:
                return inner.QueueMessage(new TestCaseFinished(
                    finished.TestCase,
                    finished.ExecutionTime,
                    finished.TestsRun,
                    finished.TestsFailed - ConvertedSkips,
                    finished.TestsSkipped + ConvertedSkips));
        }

        return inner.QueueMessage(message);
    }

    public void Dispose()
    {
        // The inner bus belongs to xunit.
    }
}
