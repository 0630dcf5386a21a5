using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Machines;

namespace Harness.Cli;

/// <summary>
/// <c>harness bench restore</c>: a cold first boot (power-on → SSH ready) against a machine restored from a template
/// (QEMU started → resumed, boot id checked, clock set), alternating in one run, plus the template's boot and save.
/// Prints a markdown table for docs/benchmarks.md.
/// </summary>
internal static class BenchRestoreCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var runs = CliOptions.Number("--runs", "cold boots and restores each", 5, 1, 1000);
        var command = new Command("restore", "A cold first boot versus a machine restored from a saved template, alternating") { runs };
        CliInput.RequireSettings(command, CliInput.SettingsUse.Boot);
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(runs);
            await using var run = await CliRun.CreateAsync(parse.GetValue(verbose), ct);
            if (!run.Platform.Capabilities.HasFlag(PlatformCapabilities.Snapshots))
            {
                Console.Error.WriteLine($"bench restore: platform {run.Platform.Name} cannot save machines (HARNESS_PLATFORM=qemu can)");
                return 2;
            }

            Console.WriteLine(await MeasureAsync(run, count, ct));
            return 0;
        });
        return command;
    }

    private static async Task<string> MeasureAsync(CliRun run, int runs, CancellationToken ct)
    {
        var cold = new List<double>();
        var restored = new List<double>();
        var sw = Stopwatch.StartNew();
        var template = await Machine.CreateTemplateAsync(run.Platform, MachineSpec.Default, run.ContextFor("template"), ct);
        var templateTime = sw.Elapsed.TotalMilliseconds;
        for (var i = 1; i <= runs; i++)
        {
            sw.Restart();
            await using (await Machine.StartAsync(run.Platform, MachineSpec.Default, run.ContextFor($"cold{i}"), ct))
            {
                cold.Add(sw.Elapsed.TotalMilliseconds);
            }

            sw.Restart();
            await using (await Machine.RestoreAsync(run.Platform, template, run.ContextFor($"restored{i}"), ct))
            {
                restored.Add(sw.Elapsed.TotalMilliseconds);
            }

            Console.Error.WriteLine($"run {i}/{runs}: cold boot {cold[^1] / 1000:0.0}s, restore {restored[^1] / 1000:0.0}s");
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"platform: {run.Platform.Description}");
        text.AppendLine(CultureInfo.InvariantCulture, $"template: booted, settled and saved ({template.Snapshot.SizeBytes / (1024 * 1024)} MiB) in {templateTime / 1000:0.0}s");
        BenchStats.Header(text);
        BenchStats.Row(text, "cold first boot, power-on → SSH ready (s)", cold, 1000);
        BenchStats.Row(text, "restore, QEMU start → resumed, boot id checked, clock set (s)", restored, 1000);
        text.AppendLine(CultureInfo.InvariantCulture, $"ratio restore/cold (medians): {BenchStats.Median(restored) / BenchStats.Median(cold):0.000}");
        return text.ToString();
    }
}
