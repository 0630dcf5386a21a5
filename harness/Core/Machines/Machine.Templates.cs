using System.Globalization;
using Harness.Artifacts;
using Harness.ConsoleChecks;
using Harness.Failures;
using Harness.Logging;
using Harness.Waiting;
using Microsoft.Extensions.Logging;

namespace Harness.Machines;

public sealed partial class Machine
{
    /// <summary>Settles the first boot before it is saved, so restored machines do not each finish it.</summary>
    private const string SettleCommand = "systemctl is-system-running --wait";

    /// <summary>
    /// Boots a machine from <paramref name="spec"/> as <see cref="StartAsync"/> does, waits until its start-up has
    /// finished (<c>systemctl is-system-running --wait</c>) and saves it as a template for <see cref="RestoreAsync"/>
    /// (the platform keeps the snapshot until it is disposed). Its console and <c>ignition.json</c> stay in
    /// <paramref name="context"/>'s artifact folder; its console-check findings go to
    /// <see cref="MachineContext.ReportConsoleFindings"/>, and a template with findings is not returned. The booted
    /// machine is destroyed in every case.
    /// </summary>
    /// <exception cref="NotSupportedException">The platform has no <see cref="PlatformCapabilities.Snapshots"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="spec"/> cannot be a template (<see cref="MachineTemplate.Supports"/>).</exception>
    /// <exception cref="InfrastructureException">The boot or the save failed, or the first boot matched a console check.</exception>
    /// <exception cref="MachineCrashedException">The machine crashed while booting.</exception>
    public static async Task<MachineTemplate> CreateTemplateAsync(
        IPlatform platform, MachineSpec spec, MachineContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        if (!platform.Capabilities.HasFlag(PlatformCapabilities.Snapshots))
        {
            throw new NotSupportedException($"platform {platform.Name} cannot save machines, so it has no templates");
        }

        var key = MachineTemplate.KeyFor(spec, platform, context.ClientKey, context.ConsoleOptOuts);
        var logger = context.LoggerFactory.CreateLogger<Machine>();
        IReadOnlyList<ConsoleFinding> findings = [];
        var report = context.ReportConsoleFindings;
        var templateContext = context with
        {
            ReportConsoleFindings = f =>
            {
                findings = f;
                report?.Invoke(f);
            },
        };

        var (machine, hostKeys, ignitionJson, reportedIgnitionJson) = await BootAsync(platform, spec, templateContext, cancellationToken);
        MachineSnapshot? snapshot = null;
        string bootId;
        try
        {
            var started = context.TimeProvider.GetTimestamp();
            var settled = await machine.ExecAsync(SettleCommand, Timeouts.Unit, cancellationToken);
            bootId = machine._lastBootId ?? await machine.BootIdAsync(cancellationToken);
            var settleTime = context.TimeProvider.GetElapsedTime(started);
            var state = settled.Stdout.Trim();
            HarnessLog.TemplateSettled(logger, context.Name, state, settleTime);

            // The guest's end of this connection would live on in every restored copy: end it before saving.
            await machine.RequireSsh().CloseAsync(cancellationToken);
            started = context.TimeProvider.GetTimestamp();
            snapshot = await machine._backend.SaveSnapshotAsync(cancellationToken);
            var saveTime = context.TimeProvider.GetElapsedTime(started);
            var sizeMiB = snapshot.SizeBytes / (1024 * 1024);
            HarnessLog.TemplateSaved(logger, context.Name, sizeMiB, saveTime, snapshot.Directory);
        }
        finally
        {
            await machine.DisposeAsync();
        }

        if (findings.Count > 0)
        {
            throw new InfrastructureException(
                $"the template {context.Name} matched console checks on its first boot, so it is not used: {findings[0]}"
                + $"\n  artifacts: {context.ArtifactDir}");
        }

        return new MachineTemplate(key, spec, snapshot!, hostKeys!, bootId, ignitionJson, reportedIgnitionJson, context.ArtifactDir);
    }

    /// <summary>
    /// Starts a machine restored from <paramref name="template"/>: the platform resumes the saved state on a fresh
    /// overlay, then the harness waits for SSH (the template's pinned host key), sets the guest clock to the host's (it
    /// stood still at the save) and checks that the boot id is the template's (the machine resumed; it did not boot),
    /// both in one command. Writes <c>ignition.json</c> and <see cref="MachineTemplate.RestoredFromFile"/> into the artifact
    /// folder. If the machine never becomes usable, its artifacts are collected and it is destroyed before the
    /// exception leaves.
    /// </summary>
    /// <exception cref="StaleSnapshotException">The image, firmware or emulator changed since the template was saved.</exception>
    /// <exception cref="InfrastructureException">The platform failed, SSH never came up, or the machine booted afresh.</exception>
    /// <exception cref="MachineCrashedException">The VM exited or the console showed a crash while waiting for SSH.</exception>
    public static async Task<Machine> RestoreAsync(
        IPlatform platform, MachineTemplate template, MachineContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        ConsoleChecker.Scan("", ConsoleChecker.ConsoleSource, context.Name, context.ConsoleOptOuts);

        var logger = context.LoggerFactory.CreateLogger<Machine>();
        var started = context.TimeProvider.GetTimestamp();
        HarnessLog.MachineRestoring(logger, context.Name, platform.Name, template.ArtifactDir);
        Directory.CreateDirectory(context.ArtifactDir);
        await AtomicFile.WriteAllTextAsync(Path.Combine(context.ArtifactDir, "ignition.json"), template.ReportedIgnitionJson, cancellationToken);
        await AtomicFile.WriteAllTextAsync(
            Path.Combine(context.ArtifactDir, MachineTemplate.RestoredFromFile),
            "This machine was not booted: it resumed a saved template machine (the first boot's console is the template's).\n"
            + $"template: {template.ArtifactDir}\nkey: {template.Key}\nboot id: {template.BootId}\nsnapshot: {template.Snapshot.Directory}\n",
            cancellationToken);

        var backend = await platform.RestoreMachineAsync(
            template.Snapshot, new MachineLaunch(context.Name, template.IgnitionJson, template.Spec.Options, context.ArtifactDir), cancellationToken);
        var machine = new Machine(backend, template.Spec, context, platform.Capabilities, template.HostKeys);
        var bootId = await machine.WaitUntilReadyOrDisposeAsync($" restored from {template.ArtifactDir}", resumed: true, cancellationToken);
        if (bootId != template.BootId)
        {
            await machine.DisposeAsync();
            throw new InfrastructureException(
                $"{context.Name} was to resume template {template.ArtifactDir} (boot id {template.BootId}) but answers with boot id {bootId}: it booted afresh"
                + $"\n  artifacts: {context.ArtifactDir}");
        }


        var elapsed = context.TimeProvider.GetElapsedTime(started);
        HarnessLog.MachineStarted(logger, context.Name, elapsed, context.ArtifactDir);
        return machine;
    }

    /// <summary>
    /// What a resumed machine is asked once SSH answers: set its clock to <paramref name="now"/> (UTC, to the
    /// millisecond; it stood still since the save), then print the boot id. One command, so one session.
    /// </summary>
    internal static string ResumedProbeCommand(DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var seconds = (ms / 1000).ToString(CultureInfo.InvariantCulture) + "." + (ms % 1000).ToString("000", CultureInfo.InvariantCulture);
        return $"sudo date -u -s @{seconds} >/dev/null && {BootIdCommand}";
    }
}
