using Harness.Failures;
using Harness.Machines;

namespace Harness.Platforms.Qemu;

/// <summary>Waiting on a task during teardown, where a timeout or the task's own failure is no reason to throw.</summary>
internal static class TaskWait
{
    /// <summary>True when <paramref name="task"/> finished (successfully or not) within <paramref name="timeout"/>.</summary>
    public static async Task<bool> QuietlyAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception e) when (e is InfrastructureException or InvalidOperationException)
        {
            return true;
        }
    }
}
