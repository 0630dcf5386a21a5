using Harness.Artifacts;
using Harness.Catalog;
using Harness.Machines;
using Harness.Scheduling;
using Harness.Ssh;

namespace Harness.Xunit.Runs;

/// <summary>
/// The machine side of a run, set up when the first test needs a machine: the platform, the facts selection needs,
/// the scheduler and the run's SSH client key (in a private folder outside the run folder).
/// </summary>
internal sealed class RunPlatform
{
    public RunPlatform(IPlatform platform, PlatformFacts facts, MachineScheduler scheduler, SshKeyPair clientKey, SecretsFolder secrets)
    {
        Platform = platform;
        Facts = facts;
        Scheduler = scheduler;
        ClientKey = clientKey;
        Secrets = secrets;
    }

    /// <summary>The platform machines start on (wrapped when machines are kept for debugging).</summary>
    public IPlatform Platform { get; }

    /// <summary>Name, arch, capabilities and image version, for selection.</summary>
    public PlatformFacts Facts { get; }

    /// <summary>Caps machines at once.</summary>
    public MachineScheduler Scheduler { get; }

    /// <summary>The run's SSH client key.</summary>
    public SshKeyPair ClientKey { get; }

    /// <summary>Where the key lives; deleted at the end of the run unless machines were kept.</summary>
    public SecretsFolder Secrets { get; }

    /// <summary>The run's machine templates (their snapshots are the platform's).</summary>
    public TemplateCache Templates { get; } = new();
}
