using Harness.Failures;

namespace Harness.Waiting;

/// <summary>
/// A wait ran out of time. The message says what was awaited, where, the elapsed time, the limit and the last
/// observation: "waiting for X on m1: timed out after 31.2s (limit 30s); last: …".
/// </summary>
public class WaitTimeoutException : TestFailureException
{
    public WaitTimeoutException(string message) : base(message) { }
    public WaitTimeoutException(string message, Exception inner) : base(message, inner) { }
    public WaitTimeoutException() { }

    /// <summary>Creates the exception from the poll's options and outcome.</summary>
    public WaitTimeoutException(PollOptions options, TimeSpan elapsed, string lastObservation)
        : base(Format(options, elapsed, lastObservation))
    {
        ArgumentNullException.ThrowIfNull(options);
        What = options.What;
        Where = options.Where;
        Limit = options.Timeout;
        Elapsed = elapsed;
        LastObservation = lastObservation;
    }

    /// <summary>What was awaited.</summary>
    public string What { get; } = "";

    /// <summary>Where (machine name), if known.</summary>
    public string? Where { get; }

    /// <summary>The time limit.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Time spent waiting.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>What the last attempt saw.</summary>
    public string LastObservation { get; } = "";

    private static string Format(PollOptions options, TimeSpan elapsed, string last)
    {
        ArgumentNullException.ThrowIfNull(options);
        var where = options.Where is null ? "" : $" on {options.Where}";
        var lastText = last.Contains('\n', StringComparison.Ordinal)
            ? "\n" + TextTail.Indent(last.TrimEnd('\n'), "    ")
            : " " + last;
        var text = $"waiting for {options.What}{where}: timed out after {elapsed.ToShortText()} (limit {options.Timeout.ToShortText()}); last:{lastText}";
        return options.ArtifactDir is null ? text : $"{text}\n  artifacts: {options.ArtifactDir}";
    }
}
