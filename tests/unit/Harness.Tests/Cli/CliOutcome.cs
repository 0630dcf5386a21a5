namespace Harness.Tests.Cli;

/// <summary>What one command line did: its exit code and what it printed.</summary>
internal sealed record CliOutcome(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The lines printed on stderr.</summary>
    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
