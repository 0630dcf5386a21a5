using System.Diagnostics;
using System.Globalization;
using Harness.Machines;

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

    private readonly Process _process;
    private readonly Task<int> _exited;
    private readonly Task<int> _childPid;
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

    /// <summary>Kills the wrapper, the child and the watcher (SIGKILL to the whole tree).</summary>
    public void KillTree()
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

    /// <summary>Closes the lifeline and releases the process handle (the child dies if it still runs).</summary>
    public void Dispose()
    {
        CloseLifeline();
        _process.Dispose();
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return process.ExitCode;
    }

    private static async Task<int> ReadChildPidAsync(Process process)
    {
        var line = await process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false);
        return int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : throw new InfrastructureException($"the watchdog shell did not report the child's pid (got '{line}')");
    }
}
