namespace Harness.Ignition;

/// <summary>One line of <c>ignition-validate</c> output.</summary>
/// <param name="Severity">Whether Ignition would reject the config because of it.</param>
/// <param name="Message">
/// The line as the tool printed it, for example
/// <c>error at $.storage.files.0.path, line 1 col 61: path not absolute</c>.
/// </param>
public sealed record IgnitionProblem(IgnitionProblemSeverity Severity, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
