using Harness.Machines;
using Harness.Processes;
using Harness.Ssh;

namespace Harness.Tests.Machines;

/// <summary>
/// A scripted SSH layer: canned answers per command, a boot id that the reboot command can change, and counters.
/// Commands without a rule exit 0 with no output.
/// </summary>
internal sealed class ScriptedSsh : ISshConnection
{
    public const string BootIdCommand = "cat /proc/sys/kernel/random/boot_id";

    private readonly List<(Func<string, bool> Matches, Func<string, SshExecOptions, ExecResult> Answer)> _rules = [];
    private readonly Lock _gate = new();

    public string BootId { get; set; } = "boot-1";

    /// <summary>How many connection attempts fail before one succeeds.</summary>
    public int FailConnects { get; set; }

    /// <summary>Every connection attempt fails (SSH never comes up).</summary>
    public bool NeverConnects { get; set; }

    public int ConnectAttempts { get; private set; }

    /// <summary>Connection attempts that asked for the banner and network probes first.</summary>
    public int ProbedConnects { get; private set; }

    public int Closes { get; private set; }

    public int Disposals { get; private set; }

    public List<string> Commands { get; } = [];

    public List<SshExecOptions> Options { get; } = [];

    public string CommandLineForHumans => "ssh -p 2222 core@127.0.0.1";

    public static ExecResult Result(string command, int exitCode, string stdout = "", string stderr = "", double seconds = 0.1) =>
        new(command, exitCode, stdout, stderr, TimeSpan.FromSeconds(seconds));

    public ScriptedSsh On(string command, Func<string, SshExecOptions, ExecResult> answer)
    {
        lock (_gate)
        {
            _rules.Insert(0, (c => c == command, answer));
        }

        return this;
    }

    public ScriptedSsh On(string command, int exitCode, string stdout = "", string stderr = "", double seconds = 0.1) =>
        On(command, (c, _) => Result(c, exitCode, stdout, stderr, seconds));

    /// <summary>Answers <paramref name="command"/> from <paramref name="answers"/> in turn, repeating the last one.</summary>
    public ScriptedSsh OnSequence(string command, params (int ExitCode, string Stdout)[] answers)
    {
        var next = 0;
        return On(command, (c, _) =>
        {
            var (exitCode, stdout) = answers[Math.Min(next++, answers.Length - 1)];
            return Result(c, exitCode, stdout);
        });
    }

    public int Count(string command)
    {
        lock (_gate)
        {
            return Commands.Count(c => c == command);
        }
    }

    public Task<(bool Connected, string Observation)> TryConnectAsync(bool probeFirst, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ConnectAttempts++;
        ProbedConnects += probeFirst ? 1 : 0;
        return Task.FromResult(NeverConnects || ConnectAttempts <= FailConnects
            ? (false, "ssh exited 255: kex_exchange_identification: read: Connection reset by peer")
            : (true, "connected"));
    }

    public Task<ExecResult> ExecAsync(string command, SshExecOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Func<string, SshExecOptions, ExecResult>? answer;
        lock (_gate)
        {
            Commands.Add(command);
            Options.Add(options);
            answer = _rules.FirstOrDefault(r => r.Matches(command)).Answer;
        }

        var result = answer?.Invoke(command, options)
            ?? (command == BootIdCommand || command.EndsWith(" && " + BootIdCommand, StringComparison.Ordinal) ? Result(command, 0, BootId + "\n") : Result(command, 0));
        if (options.StdoutFile is not null)
        {
            File.WriteAllText(options.StdoutFile, result.Stdout);
            result = result with { Stdout = "" };
        }

        return Task.FromResult(result);
    }

    public Task CloseAsync(CancellationToken cancellationToken)
    {
        Closes++;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposals++;
        return ValueTask.CompletedTask;
    }

    /// <summary>An answer that throws the way the process runner does when a command runs past its limit.</summary>
    public static Func<string, SshExecOptions, ExecResult> TimesOut(string stdout = "") => (c, o) =>
        throw new ProcessTimeoutException(new ProcessSpec("ssh", [c]), o.Timeout, o.Timeout, stdout, "");
}
