using System.ComponentModel;
using System.Reflection;
using Harness.Results;
using Harness.Xunit.Logging;
using Harness.Xunit.Runs;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Xunit.Sdk;

/// <summary>
/// The xunit test case of one <see cref="OsTestAttribute"/> method. Its display name is the kola name. Running it:
/// decide (<see cref="TestPlan"/>: run, skip with reason, or fail with the setup error), run the body through
/// <see cref="OsTestRunner"/>, learn the outcome from the message bus (<see cref="OutcomeMessageBus"/>, which also
/// turns <c>Skip.If</c> into a skip), and record it in <c>results.json</c>. A failed test runs again up to
/// <c>HARNESS_RERUNS</c> times; every attempt is recorded, xunit hears only the last. Serializable like any xunit test case:
/// everything else is read from the method's attributes when it runs.
/// </summary>
public sealed class OsTestCase : XunitTestCase
{
    /// <summary>For the deserializer only.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public OsTestCase()
    {
    }

    /// <summary>Creates the test case for <paramref name="testMethod"/>.</summary>
    public OsTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc />
    public override async Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        object[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource)
    {
        var method = TestMethod.Method.ToRuntimeMethod();
        var plan = await TestPlan.PrepareAsync(method);
        var skipReason = SkipReason ?? plan.SkipReason; // [OsTest(Skip = "…")] wins over everything
        var attempts = skipReason is null && plan.SetupError is null && plan.Run is { } run ? 1 + run.Settings.Reruns : 1;
        var warnOnlyNote = plan.Denylist.WarnOnly
            ? "warn-only failure (denylist" + (plan.Denylist.Tracker is { } tracker ? $", {tracker}" : string.Empty) + ")"
            : null;
        if (plan.Denylist.Note is { } note && plan.Run is { } noted)
        {
            XunitLog.DenylistNote(noted.Logger, DisplayName, note);
        }

        for (var attempt = 1; ; attempt++)
        {
            var startedAt = TimeProvider.System.GetUtcNow();
            var started = TimeProvider.System.GetTimestamp();
            var bus = new OutcomeMessageBus(messageBus, warnOnlyNote, hold: attempt < attempts);
            var runner = new OsTestCaseRunner(this, DisplayName, skipReason, constructorArguments, TestMethodArguments, bus, new ExceptionAggregator(aggregator), cancellationTokenSource, plan);
            var summary = await runner.RunAsync();
            summary.Failed -= bus.ConvertedSkips;
            summary.Skipped += bus.ConvertedSkips;
            Record(plan, method, bus.Outcome, runner.TestRunner?.Context, TimeProvider.System.GetElapsedTime(started), attempt, startedAt);

            // A failed attempt with reruns left is recorded (results.json) but not reported to xunit; the next one is.
            if (attempt < attempts && bus.Outcome?.Status == TestStatus.Failed && !cancellationTokenSource.IsCancellationRequested)
            {
                bus.Discard();
                XunitLog.TestRerun(plan.Run!.Logger, DisplayName, attempt + 1, attempts);
                continue;
            }

            bus.Release();
            return summary;
        }
    }

    /// <inheritdoc />
    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName)
    {
        ArgumentNullException.ThrowIfNull(factAttribute);
        return factAttribute.GetNamedArgument<string>("DisplayName")
            ?? factAttribute.GetConstructorArguments().FirstOrDefault() as string
            ?? base.GetDisplayName(factAttribute, displayName);
    }

    private static void Record(TestPlan plan, MethodInfo method, TestOutcome? outcome, OsTestContext? context, TimeSpan elapsed, int attempt, DateTimeOffset startedAt)
    {
        if (plan.Run is not { } run || outcome is null || plan.NotSelected)
        {
            return;
        }

        var name = plan.Metadata?.Name ?? method.GetCustomAttribute<OsTestAttribute>()?.Name ?? method.Name;
        var machines = context?.Slots.Select(s => s.Name).ToList() ?? [];

        // Time spent queueing for machine capacity is not the test's: leave it out, as the time limit does.
        var duration = elapsed - (context?.Deadline.Paused ?? TimeSpan.Zero);
        try
        {
            run.Results.Record(new TestResult(name, outcome.Status, attempt, (long)duration.TotalMilliseconds, outcome.Message, machines)
            {
                Start = startedAt,
                Folder = context is null ? null : Path.GetRelativePath(run.Folder.Path, context.ArtifactDirectory),
                WarnOnly = plan.Denylist.WarnOnly,
                Tracker = plan.Denylist.Tracker,
                Notes = context?.Notes is { Count: > 0 } notes ? notes : null,
            });
        }
        catch (IOException e)
        {
            XunitLog.ResultsWriteFailed(run.Logger, run.Results.Path, e.Message);
        }

        if (outcome.Message is { } message)
        {
            var firstLine = message.Split('\n')[0].TrimEnd('\r');
            XunitLog.TestFinishedWith(run.Logger, name, outcome.Status, duration, firstLine);
        }
        else
        {
            XunitLog.TestFinished(run.Logger, name, outcome.Status, duration);
        }
    }
}
