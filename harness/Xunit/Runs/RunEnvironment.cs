using Harness.Machines;
using Harness.Platforms;
using Harness.Scheduling;
using Harness.Settings;
using Harness.Ssh;
using Microsoft.Extensions.Logging;

namespace Harness.Xunit.Runs;

/// <summary>What a run takes from the outside world; tests replace parts (a fake platform, a fake host, a fixed clock).</summary>
/// <param name="Time">The clock.</param>
/// <param name="CreatePlatform">Validates the settings' platform options and creates the platform.</param>
/// <param name="Host">Free memory and cores, for the scheduler.</param>
/// <param name="GenerateClientKey">Makes the run's SSH client key in the given private folder.</param>
internal sealed record RunEnvironment(
    TimeProvider Time,
    Func<HarnessSettings, ILoggerFactory, IPlatform> CreatePlatform,
    IHostResources Host,
    Func<string, string, CancellationToken, Task<SshKeyPair>> GenerateClientKey)
{
    /// <summary>The real thing: system clock, <see cref="PlatformFactory"/>, /proc/meminfo, ssh-keygen.</summary>
    public static RunEnvironment Default { get; } = new(
        TimeProvider.System,
        PlatformFactory.Create,
        new ProcHostResources(),
        SshKeyPair.GenerateAsync);
}
