using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Xunit.Sdk;

/// <summary>
/// The xunit test framework for OS catalogs: xunit's own, plus an end-of-run hook. When the last test of the assembly
/// has finished — before xunit reports the assembly finished, so before the test host may be stopped — it ends the
/// harness run: destroys the platform, stamps the end in <c>results.json</c> and deletes the run's SSH key.
/// Without it (a catalog that does not declare it) the same happens on process exit and signals, but <c>dotnet test</c>
/// may kill the test host first; the next run then sweeps the key.
/// Declare it once per catalog project:
/// <c>[assembly: Xunit.TestFramework("Harness.Xunit.Sdk.HarnessTestFramework", "Harness.Xunit")]</c>.
/// </summary>
public sealed class HarnessTestFramework : XunitTestFramework
{
    /// <summary>Created by xunit.</summary>
    public HarnessTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    /// <inheritdoc />
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            Runs.HarnessRun.EndIfStarted("all tests finished");
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
