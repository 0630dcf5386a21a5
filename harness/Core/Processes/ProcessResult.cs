namespace Harness.Processes;

/// <summary>The outcome of a process that exited (on its own: a killed process raises an exception instead).</summary>
/// <param name="ExitCode">Exit status.</param>
/// <param name="Stdout">Standard output as UTF-8 text (invalid bytes replaced); empty when it went to <see cref="ProcessSpec.StdoutFile"/>.</param>
/// <param name="Stderr">Standard error as UTF-8 text (invalid bytes replaced).</param>
/// <param name="Elapsed">Wall time from start to exit.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>True when the process exited 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
