using System.CommandLine;
using Harness.Cli;
using Harness.Ignition;
using Harness.Machines;
using Harness.Settings;

var verbose = new Option<bool>("--verbose") { Description = "debug logging", Recursive = true };
var bench = new Command("bench", "Measure the harness against baselines") { BenchBootCommand.Create(verbose) };
var root = new RootCommand("harness: boot image-based OS images and test them (the catalog runs through dotnet test)")
{
    verbose,
    SpawnCommand.Create(verbose),
    GcCommand.Create(verbose),
    ListCommand.Create(),
    RunCommand.Create(),
    ReportCommand.Create(),
    bench,
};

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancel.Token);
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
