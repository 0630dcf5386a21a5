using System.CommandLine;
using System.Runtime.InteropServices;
using Harness.Cli;
using Harness.Failures;
using Harness.Ignition;
using Harness.Machines;
using Harness.Settings;

var verbose = new Option<bool>("--verbose") { Description = "debug logging", Recursive = true };
var bench = new Command("bench", "Measure the harness against baselines") { BenchBootCommand.Create(verbose), BenchRestoreCommand.Create(verbose), BenchSshCommand.Create(verbose) };
var root = new RootCommand("harness: boot image-based OS images and test them (the catalog runs through dotnet test)")
{
    verbose,
    SpawnCommand.Create(verbose),
    GcCommand.Create(verbose),
    ListCommand.Create(),
    RunCommand.Create(),
    ReportCommand.Create(),
    FetchCommand.Create(),
    bench,
};

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// `kill`, a closed terminal or CI's timeout end the command like Ctrl-C: it is cancelled, and its machines are
// disposed (VM stopped, overlay and secrets removed) before the process exits.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopLikeCtrlC);
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, StopLikeCtrlC);
using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, StopLikeCtrlC);

void StopLikeCtrlC(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

try
{
    var parsed = root.Parse(args);
    if (parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
    {
        // Bad input, found by the one validation step (CliInput) before any action: one line each, exit 2.
        foreach (var line in CliInput.ErrorLines(parsed))
        {
            Console.Error.WriteLine(line);
        }

        return 2;
    }

    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancel.Token);
}
catch (Exception e) when (e is HarnessSettingsException or InfrastructureException or ButaneException or FormatException or IOException or HttpRequestException)
{
    // Bad input: one clear line, non-zero exit.
    Console.Error.WriteLine($"harness: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("harness: cancelled");
    return 130;
}
