namespace Harness.Ignition;

/// <summary>What <c>ignition-validate</c> said about a config.</summary>
/// <param name="ExitCode">The tool's exit code (0 when the config is accepted).</param>
/// <param name="Problems">The errors and warnings it printed, in order.</param>
public sealed record IgnitionValidation(int ExitCode, IReadOnlyList<IgnitionProblem> Problems)
{
    /// <summary>Whether Ignition would accept the config: exit code 0 and no errors (warnings allowed).</summary>
    public bool IsValid => ExitCode == 0 && Errors.Count == 0;

    /// <summary>The problems that make Ignition reject the config.</summary>
    public IReadOnlyList<IgnitionProblem> Errors =>
        [.. Problems.Where(p => p.Severity == IgnitionProblemSeverity.Error)];

    /// <summary>The problems Ignition tolerates.</summary>
    public IReadOnlyList<IgnitionProblem> Warnings =>
        [.. Problems.Where(p => p.Severity == IgnitionProblemSeverity.Warning)];

    /// <summary>The problems, one per line, or <c>no problems</c>.</summary>
    public override string ToString() =>
        Problems.Count == 0 ? "no problems" : string.Join(Environment.NewLine, Problems.Select(p => p.Message));
}
