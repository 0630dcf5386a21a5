using Harness.Waiting;

namespace Harness.Testing;

/// <summary>Waits in tests through the harness's poller.</summary>
internal static class Eventually
{
    /// <summary>True once <paramref name="condition"/> holds; false when <paramref name="timeout"/> passes first.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        try
        {
            await Poll.UntilAsync(
                _ => Task.FromResult((condition(), "not yet")),
                new PollOptions("a test condition") { Timeout = timeout, Interval = interval ?? TimeSpan.FromMilliseconds(20) },
                CancellationToken.None);
            return true;
        }
        catch (WaitTimeoutException)
        {
            return false;
        }
    }
}
