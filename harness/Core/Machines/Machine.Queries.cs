using Harness.Failures;
using Harness.Processes;
using Harness.Ssh;

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

    /// <summary>
    /// Runs <paramref name="command"/>, which must exit 0, and returns its standard output's lines without the white
    /// space around each, empty lines left out.
    /// </summary>
    /// <exception cref="TestFailureException">It exited non-zero or timed out.</exception>
    public async Task<IReadOnlyList<string>> LinesAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await SucceedAsync(command, timeout, cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The account <paramref name="user"/> (<c>getent passwd</c>).</summary>
    /// <exception cref="TestFailureException">There is no such account, or getent's line is not a passwd entry.</exception>
    public async Task<PasswdEntry> PasswdEntryAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        var line = await OutputAsync($"getent passwd {ShellQuote.Quote(user)}", cancellationToken: cancellationToken);
        return Parsed(() => PasswdEntry.Parse(line, $"getent passwd {user} on {Name}"));
    }

    /// <summary>The filesystems mounted on <paramref name="target"/>, bottom first (stacked mounts, e.g. overlays on <c>/usr</c>).</summary>
    /// <exception cref="TestFailureException">findmnt failed or printed something else than its JSON list.</exception>
    public async Task<IReadOnlyList<MountEntry>> MountsAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var json = await SucceedAsync($"findmnt --json --list -o {MountEntry.Columns}", cancellationToken: cancellationToken);
        return Parsed(() => MountEntry.ParseList(json, $"findmnt on {Name}")).Where(m => m.Target == target).ToList();
    }

    /// <summary>The public keys in <paramref name="files"/> (<c>.pub</c> or <c>authorized_keys</c> files, read as root), without comments, in order.</summary>
    /// <exception cref="TestFailureException">A file cannot be read.</exception>
    public async Task<IReadOnlyList<string>> PublicKeysAsync(IEnumerable<string> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var lines = await LinesAsync("sudo cat " + string.Join(' ', files.Select(ShellQuote.Quote)), cancellationToken: cancellationToken);
        return lines.Where(l => !l.StartsWith('#')).Select(PublicKeyLine.WithoutComment).ToList();
    }

    private static T Parsed<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new TestFailureException(e.Message, e);
        }
    }
}
