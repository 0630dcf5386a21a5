using Harness.Failures;
using Harness.Machines;
using Harness.Processes;

namespace Harness.Platforms.Qemu;

/// <summary>Runs QEMU's helper programs (qemu-img, <c>--version</c>) through the core process runner.</summary>
internal static class QemuTools
{
    /// <summary>Runs <paramref name="file"/>; a run past <paramref name="timeout"/> is an infrastructure failure.</summary>
    public static async Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await ProcessRunner.Default.RunAsync(new ProcessSpec(file, args) { Timeout = timeout }, cancellationToken);
        }
        catch (ProcessTimeoutException e)
        {
            throw new InfrastructureException(e.Message, e);
        }
    }
}
