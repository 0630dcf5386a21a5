using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Failures;
using Harness.Ignition;
using Harness.Machines;
using Harness.Processes;
using Harness.Ssh;

namespace Harness.Cli;

/// <summary>
/// <c>harness bench boot</c>: power-on → SSH-ready through the harness versus a plain shell script that runs the
/// same QEMU command and polls ssh (bench/plain-qemu-boot.sh), alternating in one run; plus the round-trip time of
/// a command on a ready machine. Prints a markdown table for docs/benchmarks.md.
/// </summary>
internal static class BenchBootCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var runs = CliOptions.Number("--runs", "boots per side", 5, 1, 1000);
        var roundTrips = CliOptions.Number("--round-trips", "`true` round trips per harness boot", 100, 1, 100_000);
        var script = CliOptions.File("--baseline-script", "the plain shell baseline", "shell script", "bench/plain-qemu-boot.sh");
        var command = new Command("boot", "Harness power-on → ready versus a plain QEMU + ssh-poll script, and command round trips") { runs, roundTrips, script };
        CliInput.RequireSettings(command, CliInput.SettingsUse.Boot);
        command.SetAction(async (parse, ct) =>
        {
            var baseline = parse.GetValue(script)!;
            await using var run = await CliRun.CreateAsync(parse.GetValue(verbose), ct);
            var result = await MeasureAsync(run, parse.GetValue(runs), parse.GetValue(roundTrips), baseline.FullName, ct);
            Console.WriteLine(result);
            return 0;
        });
        return command;
    }

    private static async Task<string> MeasureAsync(CliRun run, int runs, int roundTrips, string baselineScript, CancellationToken ct)
    {
        var harnessReady = new List<double>();
        var plainReady = new List<double>();
        var trips = new List<double>();

        // The baseline boots with an equivalent config of its own: same client key, its own host keys (ed25519 pinned).
        var hostKeys = await SshHostKeys.GenerateAsync(Path.Combine(run.SecretsPath, "baseline"), "baseline host key", ProcessRunner.Default, ct);
        var hostKey = hostKeys.Pinned;
        var ignition = Path.Combine(run.SecretsPath, "baseline", "ignition.json");
        await File.WriteAllTextAsync(ignition, Machine.WithHarnessKeys(IgnitionConfig.Empty, run.ContextFor("baseline-keys"), hostKeys).ToJson(), ct);

        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            var spec = MachineSpec.Default.WithName($"bench{i + 1}");
            string cmdline;
            await using (var machine = await Machine.StartAsync(run.Platform, spec, run.ContextFor(spec.Name), ct))
            {
                harnessReady.Add(sw.Elapsed.TotalMilliseconds);
                for (var t = 0; t < roundTrips; t++)
                {
                    trips.Add((await machine.ExecAsync("true", cancellationToken: ct)).Elapsed.TotalMilliseconds);
                }

                cmdline = Path.Combine(machine.ArtifactDir, "qemu-cmdline.txt");
            }

            var plain = await ProcessRunner.Default.RunAsync(
                new ProcessSpec("/bin/bash", [baselineScript, cmdline, ignition, run.ClientKey.PrivateKeyPath, hostKey.PublicKeyBlob]) { Timeout = TimeSpan.FromMinutes(10) },
                ct);
            if (!plain.Succeeded)
            {
                throw new InfrastructureException($"baseline boot {i + 1} failed (exit {plain.ExitCode}): {plain.Stderr.Trim()}");
            }

            plainReady.Add(double.Parse(plain.Stdout.Trim(), CultureInfo.InvariantCulture));
            Console.Error.WriteLine($"boot {i + 1}/{runs}: harness {harnessReady[^1] / 1000:0.0}s, plain script {plainReady[^1] / 1000:0.0}s");
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"platform: {run.Platform.Description}");
        BenchStats.Header(text);
        BenchStats.Row(text, "harness power-on → SSH-ready (s)", harnessReady, 1000);
        BenchStats.Row(text, "plain script power-on → SSH-ready (s)", plainReady, 1000);
        BenchStats.Row(text, "command round trip `true` (ms)", trips, 1);
        text.AppendLine(CultureInfo.InvariantCulture, $"ratio harness/plain (medians): {BenchStats.Median(harnessReady) / BenchStats.Median(plainReady):0.000}");
        return text.ToString();
    }
}
