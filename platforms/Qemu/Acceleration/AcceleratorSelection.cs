using System.Globalization;
using System.Runtime.InteropServices;
using Harness.Machines;
using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Qemu;

/// <summary>
/// Chooses KVM or TCG: a forced choice wins; KVM needs the host's architecture and an accessible
/// <c>/dev/kvm</c>; then a cached probe verdict; otherwise a probe run (cached afterwards).
/// </summary>
internal static class AcceleratorSelection
{
    /// <summary>The device QEMU opens for KVM.</summary>
    public const string KvmDevice = "/dev/kvm";

    /// <summary>Returns the accelerator machines use and why.</summary>
    /// <param name="choice">The configured choice.</param>
    /// <param name="guest">Guest architecture.</param>
    /// <param name="host">Host architecture.</param>
    /// <param name="kvmDeviceProblem">Null when <c>/dev/kvm</c> opens read-write, otherwise why not.</param>
    /// <param name="cache">Verdict cache.</param>
    /// <param name="cacheKey">Key of this host/QEMU combination.</param>
    /// <param name="runner">Runs the probe guest when there is no cached verdict.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="cancellationToken">Cancels the probe (nothing is cached then).</param>
    public static async Task<AcceleratorVerdict> SelectAsync(
        QemuAccelerator choice, Arch guest, Architecture host, Func<string?> kvmDeviceProblem,
        AcceleratorCache cache, string cacheKey, IKvmProbeRunner runner, ILogger logger, CancellationToken cancellationToken)
    {
        switch (choice)
        {
            case QemuAccelerator.Kvm:
                return new AcceleratorVerdict(true, $"forced by {QemuOptions.AcceleratorSetting}=kvm");
            case QemuAccelerator.Tcg:
                return new AcceleratorVerdict(false, $"forced by {QemuOptions.AcceleratorSetting}=tcg");
        }

        if (!Matches(guest, host))
        {
            return new AcceleratorVerdict(false,
                $"guest {guest.ToString().ToLowerInvariant()} on a {host.ToString().ToLowerInvariant()} host: KVM needs the host's architecture");
        }

        if (kvmDeviceProblem() is { } problem)
        {
            return new AcceleratorVerdict(false, problem);
        }

        if (cache.TryGet(cacheKey) is { } cached)
        {
            var when = cached.ProbedAt == DateTimeOffset.MinValue
                ? "earlier"
                : cached.ProbedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return cached.Verdict with { Reason = $"{cached.Verdict.Reason}; cached {when} in {cache.FilePath}" };
        }

        var observation = await runner.RunAsync(cancellationToken);
        var verdict = KvmProbe.Decide(observation);
        Log.ProbeFinished(logger, observation.Elapsed.TotalSeconds, verdict.Reason);
        cache.Store(cacheKey, verdict);
        return verdict;
    }

    /// <summary>Null when <paramref name="device"/> opens read-write (as QEMU needs); otherwise why it does not.</summary>
    public static string? KvmDeviceProblem(string device = KvmDevice)
    {
        try
        {
            using var handle = File.OpenHandle(device, FileMode.Open, FileAccess.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"no {device} (KVM not available on this host)";
        }
        catch (UnauthorizedAccessException)
        {
            return $"{device}: permission denied (add the user to group kvm to use KVM)";
        }
        catch (IOException e)
        {
            return $"{device}: {e.Message}";
        }
    }

    private static bool Matches(Arch guest, Architecture host) => guest switch
    {
        Arch.Amd64 => host == Architecture.X64,
        Arch.Arm64 => host == Architecture.Arm64,
        _ => false,
    };
}
