using System.Diagnostics;
using System.Globalization;
using Harness.Failures;
using Harness.Machines;
using Harness.Waiting;

namespace Harness.Platforms.Qemu;

/// <summary>
/// Runs a long-lived child (QEMU) under a small <c>/bin/sh</c> watchdog so that it dies with the harness, even when
/// the harness is SIGKILLed: the watchdog holds the read end of a pipe whose only write end is the harness's handle
/// to its stdin (.NET opens pipes close-on-exec, so no other child inherits it). When the harness exits, the pipe
/// reports EOF and the watchdog kills the child with SIGKILL. The wrapper's exit code is the child's
/// (128 + signal when it was killed); the child's pid is its first line of stdout.
/// </summary>
internal sealed class WatchdogProcess : IDisposable
{
    /// <summary>
    /// $1 = file for the child's stdout+stderr (appended to: a machine QEMU starts again after a guest reset keeps the
    /// first run's output), $2… = the command. The child gets stdin from /dev/null and no fd 3;
    /// the shell's own messages (e.g. "Aborted" when the child dies of SIGABRT) are appended to the same file.
    /// The watcher is a subshell using builtins only (no child of its own), so killing it leaves nothing behind; an
    /// asynchronous list gets /dev/null as stdin, hence the explicit fd 3 copy of the harness pipe.
    /// </summary>
    internal const string Script = """
        exec 3<&0 </dev/null
        out=$1
        shift
        "$@" 3<&- >>"$out" 2>&1 &
        q=$!
        echo "$q"
        exec 2>>"$out"
        ( while read -r _; do :; done <&3; kill -9 "$q" 2>/dev/null ) &
        w=$!
        exec 3<&-
        wait "$q"
        rc=$?
        kill "$w" 2>/dev/null
        wait "$w" 2>/dev/null
        exit "$rc"
        """;

    /// <summary>How long <see cref="KillAsync"/> lets the wrapper reap a killed child before it kills the wrapper too.</summary>
    private static readonly TimeSpan ReapGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Task<int> _exited;
    private readonly Task<int> _childPid;
    // Set by the stdout reader once the wrapper reports the pid; read by the kill paths on other threads.
    private volatile OwnedProcess? _child;
    private int _lifelineClosed;

    private WatchdogProcess(Process process)
    {
        _process = process;
        WrapperPid = process.Id;
        _exited = WaitForExitCodeAsync(process);
        _childPid = ReadChildPidAsync(process);
    }

    /// <summary>Pid of the <c>/bin/sh</c> wrapper.</summary>
    public int WrapperPid { get; }

    /// <summary>Completes with the child's pid once the wrapper has started it (faults if the wrapper died first).</summary>
    public Task<int> ChildPid => _childPid;

    /// <summary>Completes with the wrapper's (= the child's) exit code when it exits.</summary>
    public Task<int> Exited => _exited;

    /// <summary>True once the wrapper exited.</summary>
    public bool HasExited => _exited.IsCompleted;

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/> under the watchdog; output goes to <paramref name="outputPath"/>.</summary>
    /// <exception cref="InfrastructureException">/bin/sh could not be started.</exception>
    public static WatchdogProcess Start(string file, IReadOnlyList<string> args, string outputPath, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "/",
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add("harness-watchdog");
        info.ArgumentList.Add(outputPath);
        info.ArgumentList.Add(file);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new InfrastructureException($"could not start /bin/sh to run {file}: {e.Message}", e);
        }

        return new WatchdogProcess(process);
    }

    /// <summary>Closes the harness's end of the lifeline pipe: the watchdog then kills the child with SIGKILL.</summary>
    public void CloseLifeline()
    {
        if (Interlocked.Exchange(ref _lifelineClosed, 1) == 0)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The wrapper is already gone: nothing to signal.
            }
        }
    }

    /// <summary>
    /// Kills the child, the wrapper and the watcher, and returns once the child is gone: not merely signalled, since a
    /// killed QEMU takes a while to release its guest memory and files. A child whose pid is known is killed alone, so
    /// the wrapper reaps it and exits; otherwise the whole tree is killed and a child the wrapper had already started
    /// is awaited by its pid. Never throws.
    /// </summary>
    /// <returns>False when the wrapper or the child still ran after <paramref name="timeout"/>.</returns>
    public async Task<bool> KillAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan Remaining() => timeout > clock.Elapsed ? timeout - clock.Elapsed : TimeSpan.Zero;

        // While the wrapper runs it has not reaped the child, so the child's pid cannot have been reused.
        if (!HasExited && _child is { } known && ProcInfo.KillIfSame(known.Pid, known.Start)
            && await TaskWait.QuietlyAsync(_exited, Remaining() < ReapGrace ? Remaining() : ReapGrace))
        {
            return true;
        }

        KillTree();
        if (!await TaskWait.QuietlyAsync(_exited, Remaining()))
        {
            return false;
        }

        // The wrapper died first: its child (reported in the pipe before the kill, if it was started) is an orphan now.
        await TaskWait.QuietlyAsync(_childPid, TimeSpan.FromSeconds(1));
        if (_child is not { } orphan)
        {
            return true;
        }

        ProcInfo.KillIfSame(orphan.Pid, orphan.Start);
        try
        {
            await Poll.UntilAsync(
                _ => Task.FromResult((!ProcInfo.IsSameProcessAlive(orphan.Pid, orphan.Start), "still exiting")),
                new PollOptions($"killed process {orphan.Pid.ToString(CultureInfo.InvariantCulture)} to be gone")
                {
                    Timeout = Remaining(),
                    Interval = TimeSpan.FromMilliseconds(20),
                },
                CancellationToken.None);
            return true;
        }
        catch (WaitTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Closes the lifeline and releases the process handle (the child dies if it still runs).</summary>
    public void Dispose()
    {
        CloseLifeline();
        _process.Dispose();
    }

    /// <summary>Kills the wrapper, the child and the watcher (SIGKILL to the whole tree) without waiting.</summary>
    private void KillTree()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Raced with its exit.
        }
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return process.ExitCode;
    }

    private async Task<int> ReadChildPidAsync(Process process)
    {
        var line = await process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false);
        if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            throw new InfrastructureException($"the watchdog shell did not report the child's pid (got '{line}')");
        }

        _child = OwnedProcess.Of(pid);
        return pid;
    }
}
