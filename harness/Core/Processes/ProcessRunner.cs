using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Harness.Waiting;

namespace Harness.Processes;

/// <summary>
/// <see cref="IProcessRunner"/> over <see cref="Process"/>: argument lists (no shell), concurrent capture of stdout and
/// stderr, stdin written on its own task, and the whole process tree killed on timeout or cancellation.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;

    /// <summary>Creates a runner that measures time with <paramref name="timeProvider"/> (default: the system clock).</summary>
    public ProcessRunner(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>A shared runner on the system clock.</summary>
    public static ProcessRunner Default { get; } = new();

    /// <inheritdoc />
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellationToken.ThrowIfCancellationRequested();

        using var process = new Process { StartInfo = CreateStartInfo(spec) };
        var started = _time.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ProcessStartException($"could not start `{spec.Display}`: {e.Message}", e);
        }

        using var timeoutCts = spec.Timeout is { } limit ? new CancellationTokenSource(limit, _time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);

        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        Stream? stdoutFile = spec.StdoutFile is null ? null : File.Create(spec.StdoutFile);
        try
        {
            // Readers use no cancellation token: they end when the pipes close, which killing the tree guarantees.
            var readOut = process.StandardOutput.BaseStream.CopyToAsync(stdoutFile ?? stdout, CancellationToken.None);
            var readErr = process.StandardError.BaseStream.CopyToAsync(stderr, CancellationToken.None);
            var writeIn = WriteStdinAsync(process, spec, linked.Token);

            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                await DrainAsync(readOut, readErr, writeIn);
                var elapsedAtKill = _time.GetElapsedTime(started);
                cancellationToken.ThrowIfCancellationRequested();
                throw new ProcessTimeoutException(spec, spec.Timeout!.Value, elapsedAtKill, Decode(stdout), Decode(stderr));
            }

            await DrainAsync(readOut, readErr, writeIn);
            return new ProcessResult(process.ExitCode, Decode(stdout), Decode(stderr), _time.GetElapsedTime(started));
        }
        finally
        {
            if (stdoutFile is not null)
            {
                await stdoutFile.DisposeAsync();
            }
        }
    }

    private static ProcessStartInfo CreateStartInfo(ProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        if (spec.WorkingDirectory is not null)
        {
            info.WorkingDirectory = spec.WorkingDirectory;
        }

        return info;
    }

    private static async Task WriteStdinAsync(Process process, ProcessSpec spec, CancellationToken cancellationToken)
    {
        var stdin = process.StandardInput.BaseStream;
        try
        {
            if (spec.StdinText is not null)
            {
                await stdin.WriteAsync(Utf8NoBom.GetBytes(spec.StdinText), cancellationToken);
            }
            else if (spec.StdinBytes is { } bytes)
            {
                await stdin.WriteAsync(bytes, cancellationToken);
            }
            else if (spec.StdinFile is not null)
            {
                await using var file = File.OpenRead(spec.StdinFile);
                await file.CopyToAsync(stdin, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The process exited without reading all of its input (broken pipe); its exit code tells the story.
        }
        catch (OperationCanceledException)
        {
            // Timeout or cancellation: the caller handles it.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync();
            }
            catch (IOException)
            {
                // Closing a pipe whose reader is gone.
            }
        }
    }

    private async Task DrainAsync(Task readOut, Task readErr, Task writeIn)
    {
        try
        {
            await Task.WhenAll(readOut, readErr, writeIn).WaitAsync(DrainLimit, _time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // A grandchild that left the process tree (daemonized) still holds a pipe; keep what was read so far.
        }
        catch (IOException)
        {
            // A pipe broke while the tree was being killed; what was read so far is kept.
        }
        catch (ObjectDisposedException)
        {
            // Same, on some runtimes.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Raced with exit, or a child we may not signal; nothing more to do.
        }
    }

    private static string Decode(MemoryStream stream) => Utf8NoBom.GetString(stream.GetBuffer(), 0, (int)stream.Length);
}
