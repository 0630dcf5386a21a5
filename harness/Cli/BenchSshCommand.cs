using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Failures;
using Harness.Machines;

namespace Harness.Cli;

/// <summary>
/// <c>harness bench ssh</c>: on one booted machine, the round trip of <c>true</c> and a 10 MiB copy to the guest and
/// back, repeated; prints a markdown table for docs/benchmarks.md (medians and spread, in one run's conditions).
/// </summary>
internal static class BenchSshCommand
{
    private const int CopyBytes = 10 * 1024 * 1024;

    public static Command Create(Option<bool> verbose)
    {
        var roundTrips = CliOptions.Number("--round-trips", "`true` round trips", 50, 1, 100_000);
        var copies = CliOptions.Number("--copies", "10 MiB copies each way", 5, 1, 1000);
        var command = new Command("ssh", "Command round trips and 10 MiB copies on one booted machine") { roundTrips, copies };
        CliInput.RequireSettings(command, CliInput.SettingsUse.Boot);
        command.SetAction(async (parse, ct) =>
        {
            await using var run = await CliRun.CreateAsync(parse.GetValue(verbose), ct);
            Console.WriteLine(await MeasureAsync(run, parse.GetValue(roundTrips), parse.GetValue(copies), ct));
            return 0;
        });
        return command;
    }

    private static async Task<string> MeasureAsync(CliRun run, int roundTrips, int copies, CancellationToken ct)
    {
        var spec = MachineSpec.Default.WithName("bench-ssh");
        await using var machine = await Machine.StartAsync(run.Platform, spec, run.ContextFor(spec.Name), ct);
        var trips = new List<double>();
        for (var i = 0; i < roundTrips; i++)
        {
            var sw = Stopwatch.StartNew();
            await machine.SucceedAsync("true", cancellationToken: ct);
            trips.Add(sw.Elapsed.TotalMilliseconds);
        }

        var payload = Path.Combine(run.SecretsPath, "bench-10MiB.bin");
        var back = Path.Combine(run.SecretsPath, "bench-10MiB.back");
        var bytes = new byte[CopyBytes];
        new Random(20).NextBytes(bytes);
        await File.WriteAllBytesAsync(payload, bytes, ct);
        var to = new List<double>();
        var from = new List<double>();
        for (var i = 0; i < copies; i++)
        {
            var sw = Stopwatch.StartNew();
            await machine.CopyToAsync(payload, "/tmp/bench-10MiB.bin", ct);
            to.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            await machine.CopyFromAsync("/tmp/bench-10MiB.bin", back, ct);
            from.Add(sw.Elapsed.TotalMilliseconds);
            var returned = await File.ReadAllBytesAsync(back, ct);
            if (!bytes.AsSpan().SequenceEqual(returned))
            {
                throw new InfrastructureException($"copy {i + 1}: the 10 MiB file came back different");
            }
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"platform: {run.Platform.Description}");
        BenchStats.Header(text);
        BenchStats.Row(text, "command round trip `true` (ms)", trips, 1);
        BenchStats.Row(text, "copy 10 MiB to the guest (ms)", to, 1);
        BenchStats.Row(text, "copy 10 MiB from the guest (ms)", from, 1);
        return text.ToString();
    }
}
