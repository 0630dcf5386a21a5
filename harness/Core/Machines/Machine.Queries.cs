using Harness.Failures;
using Harness.Processes;

namespace Harness.Machines;

public sealed partial class Machine
{
    /// <summary>
    /// Runs <paramref name="command"/>, which must exit 0, and returns its standard output without the white space
    /// around it (the line end most commands print): <c>Assert.Equal("enabled", await vm.OutputAsync("systemctl is-enabled x"))</c>.
    /// </summary>
    /// <exception cref="TestFailureException">It exited non-zero (the message has the exit code, elapsed time, stdout/stderr tails and the artifact folder) or timed out.</exception>
    public async Task<string> OutputAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await SucceedAsync(command, timeout, cancellationToken)).Trim();

    /// <summary>The state of <paramref name="unit"/> now (<c>systemctl show -p LoadState,ActiveState,SubState,Result</c>); does not wait.</summary>
    /// <exception cref="TestFailureException">systemctl failed.</exception>
    public async Task<UnitState> UnitStateAsync(string unit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        var output = await SucceedAsync($"systemctl show -p {UnitState.Properties} {ShellQuote.Quote(unit)}", cancellationToken: cancellationToken);
        return UnitState.Parse(unit, output, $"systemctl show {unit} on {Name}");
    }

    /// <summary>One property of <paramref name="unit"/> (<c>systemctl show -p PROPERTY --value</c>), without surrounding white space.</summary>
    /// <exception cref="TestFailureException">systemctl failed.</exception>
    public Task<string> UnitPropertyAsync(string unit, string property, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        ArgumentException.ThrowIfNullOrWhiteSpace(property);
        return OutputAsync($"systemctl show -p {ShellQuote.Quote(property)} --value {ShellQuote.Quote(unit)}", cancellationToken: cancellationToken);
    }

    /// <summary>
    /// What <c>systemctl is-enabled</c> says of <paramref name="unit"/> (<c>enabled</c>, <c>disabled</c>, <c>static</c>,
    /// <c>masked</c>, …), whatever its exit code (it exits non-zero for all but the enabled states).
    /// </summary>
    /// <exception cref="TestFailureException">systemctl printed no state (e.g. the unit file does not exist); the message has its stderr.</exception>
    public async Task<string> UnitFileStateAsync(string unit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        var result = await ExecAsync($"systemctl is-enabled {ShellQuote.Quote(unit)}", cancellationToken: cancellationToken);
        var state = result.Stdout.Trim();
        return state.Length > 0
            ? state
            : throw new TestFailureException(MachineFailures.CommandFailed(result, Name, ArtifactDir));
    }

    /// <summary>
    /// The system's state once start-up finished (<c>systemctl is-system-running --wait</c>): <c>running</c>, or
    /// <c>degraded</c> when a unit failed, …, whatever the exit code.
    /// </summary>
    /// <exception cref="TestFailureException">systemctl printed no state; the message has its stderr.</exception>
    public async Task<string> SystemStateAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var result = await ExecAsync("systemctl is-system-running --wait", timeout, cancellationToken);
        var state = result.Stdout.Trim();
        return state.Length > 0
            ? state
            : throw new TestFailureException(MachineFailures.CommandFailed(result, Name, ArtifactDir));
    }
}
