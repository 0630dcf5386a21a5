namespace Harness.Processes;

/// <summary>
/// One process to run: an executable and its argument list (passed verbatim, never through a shell), plus optional
/// standard input, environment, working directory and time limit. Immutable; use <c>with</c> to change.
/// </summary>
/// <param name="FileName">The executable (a name looked up on <c>PATH</c>, or a path).</param>
/// <param name="Arguments">Arguments, each passed as one argv entry without any quoting.</param>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Text written to standard input (UTF-8) before it is closed. Default none (stdin is closed at once).</summary>
    public string? StdinText { get; init; }

    /// <summary>Bytes written to standard input before it is closed. Ignored when <see cref="StdinText"/> is set.</summary>
    public ReadOnlyMemory<byte>? StdinBytes { get; init; }

    /// <summary>A file streamed to standard input (for large or binary payloads). Used when no text or bytes are given.</summary>
    public string? StdinFile { get; init; }

    /// <summary>
    /// When set, standard output is streamed into this file (created or truncated) instead of being captured,
    /// and <see cref="ProcessResult.Stdout"/> is empty. For large or binary output.
    /// </summary>
    public string? StdoutFile { get; init; }

    /// <summary>Environment changes: a value sets the variable, <c>null</c> removes it. Default none (the variables are inherited).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Working directory. Default: the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Time limit from start to exit. When it passes, the process tree is killed and
    /// <see cref="ProcessTimeoutException"/> is thrown. Default none.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The command line for logs and messages (arguments with spaces or quotes are single-quoted).</summary>
    public string Display => string.Join(' ', new[] { FileName }.Concat(Arguments).Select(ShellQuote.ForDisplay));
}
