using System.CommandLine;
using System.Diagnostics;
using Harness.Failures;
using Harness.Ignition;
using Harness.Machines;

namespace Harness.Cli;

/// <summary><c>harness spawn</c>: boot one machine from a Butane or Ignition file and open a shell on it.</summary>
internal static class SpawnCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var butane = CliOptions.ButaneFile("--butane", "Butane file (variant flatcar, version 1.0.0) to provision the machine with");
        var ignition = CliOptions.IgnitionFile("--ignition", "Ignition 3.x JSON file to provision the machine with");
        var name = CliOptions.MachineName("--name", "spawn");
        var memory = CliOptions.Number("--memory", "memory in MiB (256 or more)", MachineOptions.Default.MemoryMiB, 256, 1024 * 1024);
        var cpus = CliOptions.Number("--cpus", "virtual CPUs, 1 to 64 (emulated arm64 guests always get 1)", MachineOptions.Default.Cpus, 1, 64);
        var keep = new Option<bool>("--keep") { Description = "keep the machine running after the shell exits, until Ctrl-C" };
        var noShell = new Option<bool>("--no-shell") { Description = "do not open an SSH shell; print how to reach the machine" };

        var command = new Command("spawn", "Boot one machine and open an SSH shell on it") { butane, ignition, name, memory, cpus, keep, noShell };
        CliInput.RequireSettings(command, CliInput.SettingsUse.Boot);
        command.Validators.Add(result =>
        {
            if (result.GetValue(butane) is not null && result.GetValue(ignition) is not null)
            {
                result.AddError("spawn: give --butane or --ignition, not both");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var spec = MachineSpec.Default
                .WithName(parse.GetValue(name)!)
                .WithOptions(o => o with { MemoryMiB = parse.GetValue(memory), Cpus = parse.GetValue(cpus) });
            if (parse.GetValue(butane) is { } bu)
            {
                spec = spec.WithIgnition(ButaneTranslator.TranslateFile(bu.FullName));
            }
            else if (parse.GetValue(ignition) is { } ign)
            {
                spec = spec.WithIgnition(IgnitionConfig.Parse(await File.ReadAllTextAsync(ign.FullName, ct)));
            }

            await using var run = await CliRun.CreateAsync(parse.GetValue(verbose), ct);
            await using var machine = await Machine.StartAsync(run.Platform, spec, run.ContextFor(spec.Name), ct);
            Console.WriteLine($"machine {machine.Name} is up; artifacts: {machine.ArtifactDir}");
            Console.WriteLine($"ssh: {machine.SshCommandLine}");
            if (!parse.GetValue(noShell))
            {
                await OpenShellAsync(machine.SshCommandLine!, ct);
            }

            if (parse.GetValue(keep) || parse.GetValue(noShell))
            {
                Console.WriteLine("keeping the machine; press Ctrl-C to destroy it");
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    Console.WriteLine("destroying the machine");
                }
            }

            return 0;
        });
        return command;
    }

    private static async Task OpenShellAsync(string sshCommandLine, CancellationToken cancellationToken)
    {
        // An interactive shell needs the terminal, so ssh inherits our standard streams.
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", sshCommandLine]) { UseShellExecute = false })
            ?? throw new InfrastructureException("could not start ssh");
        await shell.WaitForExitAsync(cancellationToken);
    }
}
