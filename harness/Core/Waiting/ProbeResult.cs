namespace Harness.Waiting;

/// <summary>One observation of a poll's probe: whether the wait is over, its value if so, and what was seen.</summary>
/// <typeparam name="T">What the wait produces (command output, a regex match, a boot id).</typeparam>
/// <param name="Succeeded">True when the condition holds and the poll ends.</param>
/// <param name="Value">The value produced on success; default otherwise.</param>
/// <param name="Observation">What the probe saw, for the timeout message ("exit 3; stdout: inactive").</param>
public sealed record ProbeResult<T>(bool Succeeded, T? Value, string Observation);

/// <summary>Factory methods for <see cref="ProbeResult{T}"/>.</summary>
public static class ProbeResult
{
    /// <summary>The condition holds; the poll returns <paramref name="value"/>.</summary>
    public static ProbeResult<T> Done<T>(T value, string observation = "done") => new(true, value, observation);

    /// <summary>Not yet; <paramref name="observation"/> says what was seen instead.</summary>
    public static ProbeResult<T> NotYet<T>(string observation) => new(false, default, observation);
}
