using Harness.Results;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Xunit.Sdk;

/// <summary>
/// Sits between an OS test case and xunit's message bus. It (1) learns the outcome from the result message, and
/// (2) turns a failure caused by <c>Xunit.SkipException</c> (<c>Skip.If(…)</c> from Xunit.SkippableFact) into a skip
/// with the exception's message as reason, correcting the test case's counts accordingly, (3) for a warn-only test
/// (denylist <c>warn: true</c>) reports a failure to xunit as a skip (the outcome stays failed, so results.json and
/// the report show it), and (4) when holding, keeps the attempt's messages until <see cref="Release"/> or
/// <see cref="Discard"/> (a failed attempt that will be rerun is not reported to xunit; results.json keeps it).
/// Everything else passes through unchanged. Does not own the inner bus.
/// </summary>
internal sealed class OutcomeMessageBus : IMessageBus
{
    /// <summary>The exception type <c>Skip.If</c>/<c>Skip.IfNot</c> throw.</summary>
    public const string SkipExceptionType = "Xunit.SkipException";

    private readonly IMessageBus _inner;
    private readonly string? _warnOnlyNote;
    private readonly List<IMessageSinkMessage>? _held;

    /// <param name="inner">xunit's bus.</param>
    /// <param name="warnOnlyNote">When set, failures are reported to xunit as skips starting with this note.</param>
    /// <param name="hold">Keep messages until <see cref="Release"/> or <see cref="Discard"/>.</param>
    public OutcomeMessageBus(IMessageBus inner, string? warnOnlyNote = null, bool hold = false)
    {
        _inner = inner;
        _warnOnlyNote = warnOnlyNote;
        _held = hold ? [] : null;
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

    /// <summary>Forwards the held messages (no-op when not holding).</summary>
    public void Release()
    {
        if (_held is null)
        {
            return;
        }

        foreach (var message in _held)
        {
            _inner.QueueMessage(message);
        }

        _held.Clear();
    }

    /// <summary>Drops the held messages.</summary>
    public void Discard() => _held?.Clear();

    public bool QueueMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestFailed failed when IsSkip(failed):
                ConvertedSkips++;
                var reason = failed.Messages.FirstOrDefault() ?? "skipped";
                Outcome = new TestOutcome(TestStatus.Skipped, reason);
                return Forward(new TestSkipped(failed.Test, reason));
            case ITestFailed failed when _warnOnlyNote is not null:
                ConvertedSkips++;
                Outcome = new TestOutcome(TestStatus.Failed, FailureText(failed));
                return Forward(new TestSkipped(failed.Test, $"{_warnOnlyNote}: {Outcome.Message!.Split('\n')[0].TrimEnd('\r')}"));
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
                return Forward(new TestCaseFinished(
                    finished.TestCase,
                    finished.ExecutionTime,
                    finished.TestsRun,
                    finished.TestsFailed - ConvertedSkips,
                    finished.TestsSkipped + ConvertedSkips));
        }

        return Forward(message);
    }

    private bool Forward(IMessageSinkMessage message)
    {
        if (_held is null)
        {
            return _inner.QueueMessage(message);
        }

        _held.Add(message);
        return true;
    }

    public void Dispose()
    {
        // The inner bus belongs to xunit.
    }
}
