using System.Reflection;
using Harness.Xunit.Logging;
using Harness.Xunit.Runs;
using Harness.Waiting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Xunit.Sdk;

/// <summary>
/// Runs one OS test body inside its <see cref="OsTestContext"/>: creates the test folder, starts the time limit,
/// runs the body, and afterwards — whatever happened — disposes the machines the test started, turns a used-up time
/// limit into a failure stating elapsed time and limit, and fails the test on console-check findings it did not
/// allow. All of this happens before xunit reports the result, so the reported outcome is final.
/// </summary>
internal sealed class OsTestRunner : XunitTestRunner
{
    /// <summary>How long a cancelled test may take to stop before it is abandoned.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MachineDisposalLimit = TimeSpan.FromMinutes(10);

    private readonly TestPlan _plan;

    public OsTestRunner(
        ITest test,
        IMessageBus messageBus,
        Type testClass,
        object[] constructorArguments,
        MethodInfo testMethod,
        object[] testMethodArguments,
        string skipReason,
        IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        TestPlan plan)
        : base(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource)
    {
        _plan = plan;
    }

    /// <summary>The test's context once the body was started.</summary>
    public OsTestContext? Context { get; private set; }

    protected override async Task<Tuple<decimal, string>> InvokeTestAsync(ExceptionAggregator aggregator)
    {
        var result = await base.InvokeTestAsync(aggregator);
        return Tuple.Create(result.Item1, result.Item2 + (Context?.OutputText ?? ""));
    }

    protected override async Task<decimal> InvokeTestMethodAsync(ExceptionAggregator aggregator)
    {
        if (_plan.SetupError is { } setupError)
        {
            aggregator.Add(setupError);
            return 0m;
        }

        var run = _plan.Run!;
        var metadata = _plan.Metadata!;
        var limit = metadata.Timeout ?? run.Settings.TestTimeout;
        var limitSource = metadata.Timeout is null ? "HARNESS_TEST_TIMEOUT" : $"[OsTest(TimeoutSeconds = {(int)limit.TotalSeconds})]";
        var deadline = new TestDeadline(limit, run.Time, CancellationTokenSource.Token);
        var folder = run.Folder.CreateTestFolder(metadata.Name);
        using var log = new LogFile(Path.Combine(folder, "test.log"));
        var context = new OsTestContext(metadata, folder, deadline, run.LoggerFactory.CreateLogger("OsTest"), log);
        Context = context;
        OsTestContext.Enter(context);
        XunitLog.TestStarting(run.Logger, metadata.Name, limit, context.ArtifactDirectory);

        var started = run.Time.GetTimestamp();
        var body = new ExceptionAggregator();
        var bodyTask = base.InvokeTestMethodAsync(body);
        var finished = await deadline.WaitAsync(bodyTask, Grace);
        var expired = deadline.Expired;
        var elapsed = run.Time.GetElapsedTime(started);
        if (expired)
        {
            XunitLog.TestTimedOut(run.Logger, metadata.Name, limit);
        }

        await DisposeMachinesAsync(run, context);

        var bodyError = body.ToException();
        var timedOut = expired && (!finished || bodyError is not null);
        if (timedOut)
        {
            aggregator.Add(new OsTestTimeoutException(
                TestFailures.Timeout(metadata.Name, elapsed, limit, limitSource, deadline.Paused, finished, Grace, bodyError),
                bodyError is OperationCanceledException ? null : bodyError));
        }
        else
        {
            aggregator.Aggregate(body);
        }

        var skipped = !timedOut && IsSkip(bodyError);
        if (!skipped && context.Findings.Count > 0)
        {
            aggregator.Add(new ConsoleCheckException(TestFailures.ConsoleFindings(context.Findings)));
        }

        var parked = context.ParkedBackends;
        if (aggregator.HasExceptions && !skipped && parked.Count > 0)
        {
            await KeptMachines.HoldAsync(run, context, parked, _plan.Platform!.Secrets.Path, CancellationTokenSource.Token);
        }
        else
        {
            foreach (var backend in parked)
            {
                await backend.DestroyAsync();
            }
        }

        if (finished)
        {
            // An abandoned body may still hold the token; leave it to the garbage collector then.
            deadline.Dispose();
        }

        return (decimal)elapsed.TotalSeconds;
    }

    private static bool IsSkip(Exception? error) =>
        error?.GetType().FullName == OutcomeMessageBus.SkipExceptionType
        || (error is AggregateException aggregate && aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions[0].GetType().FullName == OutcomeMessageBus.SkipExceptionType);

    private static async Task DisposeMachinesAsync(HarnessRun run, OsTestContext context)
    {
        var slots = context.Slots;
        var leftovers = slots.Count(s => s.Machine is not null && !s.DisposalStarted);
        if (leftovers > 0)
        {
            XunitLog.DisposingLeftovers(run.Logger, context.Name, leftovers);
        }

        var all = Task.WhenAll(slots.Select(s => s.DisposeAsync()));
        await Task.WhenAny(all, Task.Delay(MachineDisposalLimit, run.Time));
    }
}
