using Harness.Waiting;

namespace Harness.Ssh;

/// <summary>Options of one command run over SSH.</summary>
internal sealed record SshExecOptions
{
    public static SshExecOptions Default { get; } = new();

    /// <summary>From start to exit; the local ssh client is killed after it. Default <see cref="Timeouts.Command"/>.</summary>
    public TimeSpan Timeout { get; init; } = Timeouts.Command;

    /// <summary>Text for the command's stdin.</summary>
    public string? StdinText { get; init; }

    /// <summary>A local file streamed to the command's stdin.</summary>
    public string? StdinFile { get; init; }

    /// <summary>A local file that receives the command's stdout (the result's Stdout is then empty).</summary>
    public string? StdoutFile { get; init; }

    /// <summary>
    /// Whether a transport failure before the command started is answered by reconnecting and running it once more.
    /// False for commands that end the connection on purpose (reboot).
    /// </summary>
    public bool Reconnect { get; init; } = true;
}
