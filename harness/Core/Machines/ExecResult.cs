namespace Harness.Machines;

/// <summary>The raw outcome of one guest command. Never thrown on a non-zero exit code.</summary>
/// <param name="Command">The command line as given.</param>
/// <param name="ExitCode">Exit status of the command (255 may mean the SSH transport failed; see <see cref="Stderr"/>).</param>
/// <param name="Stdout">Standard output, verbatim.</param>
/// <param name="Stderr">Standard error, verbatim.</param>
/// <param name="Elapsed">Wall time of the round trip.</param>
public sealed record ExecResult(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>True when the command exited 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
