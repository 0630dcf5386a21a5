using System.Diagnostics;
using System.Text;
using Harness.Machines;
using Harness.Processes;
using Harness.Waiting;
using Renci.SshNet;

namespace Harness.Ssh;

/// <summary>One command on its own channel: stdin, stdout and stderr streamed, the time limit closing the channel.</summary>
internal sealed partial class SshConnection
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Runs <paramref name="command"/> on a new channel of <paramref name="client"/>: the result when the command ran to
    /// its exit, otherwise the transport failure and whether it struck before the command started (opening the channel).
    /// </summary>
    /// <exception cref="ProcessTimeoutException">It ran past <see cref="SshExecOptions.Timeout"/>; its channel was closed.</exception>
    private async Task<CommandRun> RunCommandAsync(SshClient client, string command, SshExecOptions options, CancellationToken cancellationToken)
    {
        // sshd runs the command through the user's login shell (bash for core, on Flatcar and on the contract image),
        // as kola does. No second `bash -c` around it: under emulation each bash start-up costs the guest ~140 ms.
        var stopwatch = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Timeout);
        using var channel = client.CreateCommand(command);
        Task execution;
        try
        {
            // Opening the channel and sending the exec request block until sshd answers; off the caller's thread.
            execution = await Task.Factory.StartNew(
                () => channel.ExecuteAsync(limit.Token), limit.Token, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        }
        catch (Exception e) when (SshFailures.IsTransport(e))
        {
            return new CommandRun(null, e, BeforeCommandStarted: true);
        }

        var stderr = new MemoryStream();
        var stdout = new MemoryStream();
        await using var stdoutFile = options.StdoutFile is null ? null : File.Create(options.StdoutFile);
        var readOut = channel.OutputStream.CopyToAsync((Stream?)stdoutFile ?? stdout, CancellationToken.None);
        var readErr = channel.ExtendedOutputStream.CopyToAsync(stderr, CancellationToken.None);
        try
        {
            await WriteStdinAsync(channel, options, execution, limit.Token);
            await execution;
            await Task.WhenAll(readOut, readErr);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The channel is closed when `channel` is disposed on the way out; the remote command got a signal.
            throw new ProcessTimeoutException(
                $"`ssh {_settings.MachineName} {command}` did not exit within {options.Timeout.ToShortText()} (channel closed after {stopwatch.Elapsed.ToShortText()})",
                options.Timeout,
                stopwatch.Elapsed,
                Text(stdout),
                Text(stderr));
        }
        catch (Exception e) when (SshFailures.IsTransport(e))
        {
            return new CommandRun(null, e, BeforeCommandStarted: false);
        }

        // Killed by a signal: no exit status, and the OpenSSH client exits 255 then too.
        var exitCode = channel.ExitStatus ?? 255;
        var stderrText = Text(stderr);
        if (channel.ExitStatus is null && channel.ExitSignal is { } signal)
        {
            stderrText += $"ssh: the command was killed by signal {signal}\n";
        }

        return new CommandRun(new ExecResult(command, exitCode, Text(stdout), stderrText, stopwatch.Elapsed), null, false);
    }

    /// <summary>Sends the command's stdin (if any), then end-of-file; a command that exited early is not fed further.</summary>
    private static async Task WriteStdinAsync(SshCommand channel, SshExecOptions options, Task execution, CancellationToken cancellationToken)
    {
        Stream input;
        try
        {
            input = channel.CreateInputStream();
        }
        catch (InvalidOperationException) when (execution.IsCompleted)
        {
            return;
        }

        try
        {
            await using (input)
            {
                if (options.StdinText is not null)
                {
                    await input.WriteAsync(Utf8NoBom.GetBytes(options.StdinText), cancellationToken);
                }
                else if (options.StdinFile is not null)
                {
                    await using var file = File.OpenRead(options.StdinFile);
                    await file.CopyToAsync(input, cancellationToken);
                }
            }
        }
        catch (Exception e) when (execution.IsCompleted && e is not OperationCanceledException)
        {
            // The command stopped reading and exited (like EPIPE); its exit status tells the rest.
        }
    }

    private static string Text(MemoryStream stream) => Utf8NoBom.GetString(stream.GetBuffer(), 0, (int)stream.Length);

    /// <summary>What one command run gave: a result, or a transport failure (and when it struck).</summary>
    private readonly record struct CommandRun(ExecResult? Result, Exception? Failure, bool BeforeCommandStarted);
}
