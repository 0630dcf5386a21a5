namespace Harness.Waiting;

/// <summary>One observation of a poll's probe: whether the wait is over, its value if so, and what was seen.</summary>
/// <typeparam name="T">What the wait produces (command output, a regex match, a boot id).</typeparam>
/// <param name="Succeeded">True when the condition holds and the poll ends.</param>
/// <param name="Value">The value produced on success; default otherwise.</param>
/// <param name="Observation">What the probe saw, for the timeout message ("exit 3; stdout: inactive").</param>
public sealed record ProbeResult<T>(bool Succeeded, T? Value, string Observation);
