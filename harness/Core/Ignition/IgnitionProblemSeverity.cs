namespace Harness.Ignition;

/// <summary>How serious an <see cref="IgnitionProblem"/> is.</summary>
public enum IgnitionProblemSeverity
{
    /// <summary>Ignition would accept the config, but something in it looks wrong (for example an unused key).</summary>
    Warning,

    /// <summary>Ignition would reject the config and fail the boot.</summary>
    Error,
}
