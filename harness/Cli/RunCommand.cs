using System.CommandLine;
using System.Diagnostics;
using Harness.Catalog;
using Harness.Reports;
using Harness.Settings;

namespace Harness.Cli;

/// <summary>
/// <c>harness run</c>: a thin front over <c>dotnet test</c> — the same runner, not a second one. Globs, reruns and
/// the denylist become <c>HARNESS_TESTS</c>/<c>HARNESS_RERUNS</c>/<c>HARNESS_DENYLIST</c> for the test processes;
/// afterwards the matrix of the run folders they created is written (<c>harness report</c>).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var globs = CliOptions.Globs();
        var projects = CliOptions.Projects();
        var reruns = CliOptions.OptionalNumber("--reruns", "rerun failed tests up to N times, 0 to 20 (HARNESS_RERUNS)", 0, 20);
        var denylist = CliOptions.DenylistFile("--denylist", "YAML denylist (HARNESS_DENYLIST)");
        var output = CliOptions.OutputFolder("--report", "folder for matrix.md and matrix.html", "artifacts/report");
        var command = new Command("run", "Run catalog tests through dotnet test, then write the matrix") { globs, projects, reruns, denylist, output };
        CliInput.RequireSettings(command, CliInput.SettingsUse.Boot);
        command.SetAction(async (parse, ct) =>
        {
            var started = DateTime.UtcNow;
            var status = 0;
            // Built here once: a pattern matching no test is bad input (one line, nothing run), not a run of skips;
            // without globs, those of HARNESS_TESTS are the selection.
            var catalog = await ListCommand.ReadAsync(parse.GetValue(projects)!, build: true, ct);
            var selected = parse.GetValue(globs) is { Length: > 0 } given ? given : [.. HarnessSettingsLoader.FromEnvironment().TestPatterns];
            if (ListCommand.Check(TestPatterns.From(selected), catalog, parse.GetValue(projects)!) is var check and not 0)
            {
                return check;
            }

            foreach (var project in parse.GetValue(projects)!)
            {
                var start = new ProcessStartInfo("dotnet", ["test", project, "-c", "Release", "--no-build", "-nologo", "--logger", "console;verbosity=normal"]) { UseShellExecute = false };
                if (parse.GetValue(globs) is { Length: > 0 } g)
                {
                    start.Environment["HARNESS_TESTS"] = string.Join(',', g);
                }

                if (parse.GetValue(reruns) is { } n)
                {
                    start.Environment["HARNESS_RERUNS"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (parse.GetValue(denylist) is { } file)
                {
                    start.Environment["HARNESS_DENYLIST"] = file.FullName;
                }

                // dotnet test owns the terminal (its live progress); stopping it on Ctrl-C lets the harness clean up its VMs.
                using var test = Process.Start(start) ?? throw new IOException("could not start dotnet test");
                try
                {
                    await test.WaitForExitAsync(ct);
                }
                catch (OperationCanceledException)
                {
                    await test.WaitForExitAsync(CancellationToken.None);
                    throw;
                }

                status = Math.Max(status, test.ExitCode);
            }

            var runs = Environment.GetEnvironmentVariable("HARNESS_OUTPUT") is { Length: > 0 } o ? o : "artifacts/runs";
            var mine = Directory.Exists(runs)
                ? Directory.GetDirectories(runs).Where(d => !new DirectoryInfo(d).Attributes.HasFlag(FileAttributes.ReparsePoint)).Select(d => Path.Combine(d, "results.json")).Where(f => File.Exists(f) && File.GetLastWriteTimeUtc(f) >= started).ToList()
                : [];
            if (mine.Count > 0)
            {
                await ReportRunner.RunAsync(new ReportRequest { Inputs = mine, OutputFolder = parse.GetValue(output)! }, Console.Out, cancellationToken: ct);
            }

            return status;
        });
        return command;
    }
}
