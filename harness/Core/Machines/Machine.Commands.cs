using Harness.Failures;
using Harness.Logging;
using Harness.Processes;
using Harness.Ssh;
using Harness.Waiting;

namespace Harness.Machines;

public sealed partial class Machine
{
    private const string BootIdCommand = "cat /proc/sys/kernel/random/boot_id";

    /// <summary>
    /// Runs <paramref name="command"/> as <c>core</c> over SSH; sshd hands it to core's login shell (bash, as kola relies on), with no
    /// second shell around it. Never throws on the exit code (255 with <c>ssh:</c> and what failed on stderr means the transport failed).
    /// </summary>
    /// <param name="command">A bash command line.</param>
    /// <param name="timeout">Limit for the command. Default <see cref="Timeouts.Command"/>.</param>
    /// <param name="cancellationToken">Cancels the command (its channel is closed).</param>
    /// <exception cref="TestFailureException">The command ran past <paramref name="timeout"/>.</exception>
    /// <exception cref="MachineCrashedException">The transport failed because the machine died.</exception>
    /// <exception cref="InvalidOperationException">The machine has no SSH (raw Ignition).</exception>
    public Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ExecAsync(command, SshExecOptions.Default with { Timeout = timeout ?? Timeouts.Command }, cancellationToken);

    /// <summary>Runs <paramref name="command"/>; it must exit 0.</summary>
    /// <returns>Its standard output.</returns>
    /// <exception cref="TestFailureException">It exited non-zero (the message has the exit code, elapsed time, stdout/stderr tails and the artifact folder) or timed out.</exception>
    public async Task<string> SucceedAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var result = await ExecAsync(command, timeout, cancellationToken);
        return result.Succeeded
            ? result.Stdout
            : throw new TestFailureException(MachineFailures.CommandFailed(result, Name, ArtifactDir));
    }

    /// <summary>Runs <paramref name="command"/>; it must exit non-zero.</summary>
    /// <returns>Its standard output.</returns>
    /// <exception cref="TestFailureException">It exited 0, or timed out.</exception>
    public async Task<string> FailAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var result = await ExecAsync(command, timeout, cancellationToken);
        return result.Succeeded
            ? throw new TestFailureException(MachineFailures.UnexpectedSuccess(result, Name, ArtifactDir))
            : result.Stdout;
    }

    /// <summary>
    /// Runs <paramref name="command"/> until it exits 0: every second, or after twice as long as the last run took
    /// (<see cref="Timeouts.GuestProbePauseFactor"/>).
    /// </summary>
    /// <param name="command">A bash command line.</param>
    /// <param name="timeout">Give up after this long. Default <see cref="Timeouts.WaitUntilSucceeds"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The standard output of the successful run.</returns>
    /// <exception cref="WaitTimeoutException">It never succeeded; the message says elapsed, limit and the last exit code and output.</exception>
    /// <exception cref="MachineCrashedException">The machine died while waiting.</exception>
    public async Task<string> WaitUntilSucceedsAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var ssh = RequireSsh();
        var what = $"`{command}` to succeed";
        return await TimedWaitAsync(
            what,
            async ct =>
            {
                var result = await RunAsync(ssh, command, SshExecOptions.Default, ct);
                return result.Succeeded
                    ? ProbeResult.Done(result.Stdout)
                    : ProbeResult.NotYet<string>(MachineFailures.Observation(result));
            },
            timeout ?? Timeouts.WaitUntilSucceeds,
            Timeouts.PollInterval,
            cancellationToken,
            pauseFactor: Timeouts.GuestProbePauseFactor);
    }

    /// <summary>The current boot id (<c>/proc/sys/kernel/random/boot_id</c>).</summary>
    public async Task<string> BootIdAsync(CancellationToken cancellationToken = default)
    {
        var bootId = (await SucceedAsync(BootIdCommand, cancellationToken: cancellationToken)).Trim();
        _lastBootId = bootId;
        return bootId;
    }

    /// <summary>The journal as text: <c>journalctl --no-pager</c> followed by <paramref name="arguments"/> (bash syntax, e.g. <c>-u docker.service -b</c>).</summary>
    /// <exception cref="TestFailureException">journalctl failed.</exception>
    public Task<string> JournalAsync(string? arguments = null, CancellationToken cancellationToken = default) =>
        SucceedAsync(string.IsNullOrWhiteSpace(arguments) ? "journalctl --no-pager" : $"journalctl --no-pager {arguments}", cancellationToken: cancellationToken);

    /// <summary>
    /// Copies a local file to <paramref name="remotePath"/> on the machine, byte for byte, on a channel of the SSH connection
    /// (written by <c>core</c>: the target folder must be writable by it, e.g. <c>/tmp</c> or <c>/home/core</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="localPath"/> does not exist.</exception>
    /// <exception cref="TestFailureException">The copy failed.</exception>
    public async Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        ArgumentException.ThrowIfNullOrEmpty(remotePath);
        var ssh = RequireSsh();
        if (!File.Exists(localPath))
        {
            throw new FileNotFoundException($"cannot copy {localPath} to {Name}: no such file", localPath);
        }

        var options = SshExecOptions.Default with { Timeout = Timeouts.Copy, StdinFile = localPath };
        var result = await RunAsync(ssh, "cat > " + ShellQuote.Quote(remotePath), options, cancellationToken);
        if (!result.Succeeded)
        {
            throw new TestFailureException($"copying {localPath} to {remotePath} on {Name} failed\n" + MachineFailures.CommandFailed(result, Name, ArtifactDir));
        }
    }

    /// <summary>
    /// Copies <paramref name="remotePath"/> (readable by <c>core</c>) from the machine to <paramref name="localPath"/>
    /// byte for byte, on a channel of the SSH connection. The local folder is created; on failure no partial file is left.
    /// </summary>
    /// <exception cref="TestFailureException">The copy failed.</exception>
    public async Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(remotePath);
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var ssh = RequireSsh();
        var fullPath = Path.GetFullPath(localPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var partial = fullPath + ".partial";

        var options = SshExecOptions.Default with { Timeout = Timeouts.Copy, StdoutFile = partial };
        ExecResult result;
        try
        {
            result = await RunAsync(ssh, "cat " + ShellQuote.Quote(remotePath), options, cancellationToken);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        if (!result.Succeeded)
        {
            File.Delete(partial);
            throw new TestFailureException($"copying {remotePath} from {Name} to {localPath} failed\n" + MachineFailures.CommandFailed(result, Name, ArtifactDir));
        }

        File.Move(partial, fullPath, overwrite: true);
    }

    private Task<ExecResult> ExecAsync(string command, SshExecOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunAsync(RequireSsh(), command, options, cancellationToken);
    }

    /// <summary>One command: logged, timeouts turned into test failures, transport failures checked for a crash.</summary>
    private async Task<ExecResult> RunAsync(ISshConnection ssh, string command, SshExecOptions options, CancellationToken cancellationToken)
    {
        ExecResult result;
        try
        {
            result = await ssh.ExecAsync(command, options, cancellationToken);
        }
        catch (ProcessTimeoutException e)
        {
            ThrowIfCrashed($"`{command}`");
            throw new TestFailureException(MachineFailures.CommandTimedOut(command, e, Name, ArtifactDir), e);
        }

        HarnessLog.Exec(_logger, Name, command, result.ExitCode, result.Elapsed);
        if (result.ExitCode == 255)
        {
            ThrowIfCrashed($"`{command}`");
        }

        return result;
    }
}
