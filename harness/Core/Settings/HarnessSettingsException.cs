namespace Harness.Settings;

/// <summary>
/// The harness settings are invalid. <see cref="Exception.Message"/> holds one line per problem, each naming the
/// variable and the offending value (<c>HARNESS_PARALLEL='x': expected a positive integer or 'auto'</c>).
/// </summary>
public sealed class HarnessSettingsException : Exception
{
    /// <summary>Creates the exception from one or more one-line problems.</summary>
    public HarnessSettingsException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception from a single one-line problem.</summary>
    public HarnessSettingsException(string message) : this([message]) { }

    public HarnessSettingsException() : this("invalid harness settings") { }

    public HarnessSettingsException(string message, Exception inner) : base(message, inner)
    {
        Errors = [message];
    }

    /// <summary>The problems, one line each.</summary>
    public IReadOnlyList<string> Errors { get; }
}
