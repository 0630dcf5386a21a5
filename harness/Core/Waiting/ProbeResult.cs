namespace Harness.Waiting;

/// <summary>Factory methods for <see cref="ProbeResult{T}"/>.</summary>
public static class ProbeResult
{
    /// <summary>The condition holds; the poll returns <paramref name="value"/>.</summary>
    public static ProbeResult<T> Done<T>(T value, string observation = "done") => new(true, value, observation);

    /// <summary>Not yet; <paramref name="observation"/> says what was seen instead.</summary>
    public static ProbeResult<T> NotYet<T>(string observation) => new(false, default, observation);
}
