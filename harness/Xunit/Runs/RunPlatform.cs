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

    /// <summary>
    /// Whether guests run with hardware acceleration: <c>HARNESS_ACCEL</c> when given, else the platform's description
    /// (a KVM platform mentions KVM and not TCG; "accel tcg (KVM probe failed …)" and "not probed yet" count as not
    /// accelerated, which errs towards fewer machines at once).
    /// </summary>
    public static bool IsAccelerated(string? accelerator, string description) => accelerator switch
    {
        "kvm" => true,
        "tcg" => false,
        _ => description.Contains("KVM", StringComparison.OrdinalIgnoreCase) && !description.Contains("TCG", StringComparison.OrdinalIgnoreCase),
    };
}
