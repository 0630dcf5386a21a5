using Harness.Waiting;

namespace Harness.Processes;

/// <summary>A process ran past its <see cref="ProcessSpec.Timeout"/> and was killed. Carries what it printed so far.</summary>
public class ProcessTimeoutException : Exception
{
    public ProcessTimeoutException(string message) : base(message) { }
    public ProcessTimeoutException(string message, Exception inner) : base(message, inner) { }
    public ProcessTimeoutException() { }

    /// <summary>Creates the exception for <paramref name="spec"/> with the partial output.</summary>
    public ProcessTimeoutException(ProcessSpec spec, TimeSpan limit, TimeSpan elapsed, string stdout, string stderr)
        : base($"`{spec.Display}` did not exit within {limit.ToShortText()} (killed after {elapsed.ToShortText()})")
    {
        Limit = limit;
        Elapsed = elapsed;
        Stdout = stdout;
        Stderr = stderr;
    }

    /// <summary>Creates the exception for something other than a local process (a command on an SSH channel).</summary>
    public ProcessTimeoutException(string message, TimeSpan limit, TimeSpan elapsed, string stdout, string stderr)
        : base(message)
    {
        Limit = limit;
        Elapsed = elapsed;
        Stdout = stdout;
        Stderr = stderr;
    }

    /// <summary>The time limit that passed.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Wall time until the process was killed.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Standard output captured before the kill.</summary>
    public string Stdout { get; } = "";

    /// <summary>Standard error captured before the kill.</summary>
    public string Stderr { get; } = "";
}
