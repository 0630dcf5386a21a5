using System.Text;
using Harness.Failures;
using Harness.Machines;
using Harness.Processes;

namespace Harness.Ignition;

/// <summary>
/// Checks configs with Ignition's own validator, <c>ignition-validate</c> (Debian package <c>ignition</c>,
/// Ignition 2.14: specs 3.0.0–3.3.0). The config is written to a temporary file, which is deleted afterwards.
/// </summary>
public sealed class IgnitionValidator
{
    /// <summary>Where Debian installs the tool.</summary>
    public const string DefaultToolPath = "/usr/bin/ignition-validate";

    /// <summary>How long one validation may take before it counts as hung: 30 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly IProcessRunner _runner;
    private readonly string _toolPath;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a validator.</summary>
    /// <param name="runner">Runs the tool; default <see cref="ProcessRunner.Default"/>.</param>
    /// <param name="toolPath">The <c>ignition-validate</c> executable; default <see cref="DefaultToolPath"/>.</param>
    /// <param name="timeout">The limit for one run; default <see cref="DefaultTimeout"/>.</param>
    public IgnitionValidator(IProcessRunner? runner = null, string toolPath = DefaultToolPath, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolPath);
        _runner = runner ?? ProcessRunner.Default;
        _toolPath = toolPath;
        _timeout = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_timeout, TimeSpan.Zero, nameof(timeout));
    }

    /// <summary>Whether the tool exists at the configured path.</summary>
    public bool IsAvailable => File.Exists(_toolPath);

    /// <summary>Validates <paramref name="config"/> as rendered by <see cref="IgnitionConfig.ToJson"/> (indented).</summary>
    /// <exception cref="InfrastructureException">The tool is missing, cannot start, or does not finish in time.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<IgnitionValidation> ValidateAsync(IgnitionConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return ValidateJsonAsync(config.ToJson(), cancellationToken);
    }

    /// <summary>Validates raw config text (for example a deliberately broken config).</summary>
    /// <exception cref="InfrastructureException">The tool is missing, cannot start, or does not finish in time.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IgnitionValidation> ValidateJsonAsync(string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!IsAvailable)
        {
            throw new InfrastructureException(
                $"ignition-validate not found at {_toolPath}: install Debian package `ignition` (run_local_tests.sh does)");
        }
        var file = Path.Combine(Path.GetTempPath(), $"harness-ignition-{Guid.NewGuid():N}.ign");
        await File.WriteAllTextAsync(file, json, new UTF8Encoding(false), cancellationToken);
        try
        {
            var spec = new ProcessSpec(_toolPath, [file]) { Timeout = _timeout };
            ProcessResult result;
            try
            {
                result = await _runner.RunAsync(spec, cancellationToken);
            }
            catch (ProcessTimeoutException e)
            {
                throw new InfrastructureException($"ignition-validate hung: {e.Message}", e);
            }
            return new IgnitionValidation(result.ExitCode, ParseProblems(result.ExitCode, result.Stdout + "\n" + result.Stderr));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Sorts the tool's lines into errors and warnings; when it fails without saying why, the exit code is the error.
    /// </summary>
    internal static IReadOnlyList<IgnitionProblem> ParseProblems(int exitCode, string output)
    {
        var problems = new List<IgnitionProblem>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var severity = line.StartsWith("warning", StringComparison.OrdinalIgnoreCase)
                ? IgnitionProblemSeverity.Warning
                : line.StartsWith("error", StringComparison.OrdinalIgnoreCase) || exitCode != 0
                    ? IgnitionProblemSeverity.Error
                    : IgnitionProblemSeverity.Warning;
            problems.Add(new IgnitionProblem(severity, line));
        }
        if (exitCode != 0 && !problems.Any(p => p.Severity == IgnitionProblemSeverity.Error))
        {
            problems.Add(new IgnitionProblem(
                IgnitionProblemSeverity.Error, $"ignition-validate exited {exitCode} without naming an error"));
        }
        return problems;
    }
}
