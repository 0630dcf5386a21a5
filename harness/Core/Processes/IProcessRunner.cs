namespace Harness.Processes;

/// <summary>Runs external processes. The one seam between the harness and <c>System.Diagnostics.Process</c>, so tests can fake it.</summary>
public interface IProcessRunner
{
    /// <summary>
    /// Starts the process, feeds its standard input, captures standard output and error concurrently (full pipes
    /// never deadlock) and waits for it to exit.
    /// </summary>
    /// <returns>The exit code and output; a non-zero exit code is not an error here.</returns>
    /// <exception cref="ProcessStartException">The executable could not be started (not found, not executable).</exception>
    /// <exception cref="ProcessTimeoutException"><see cref="ProcessSpec.Timeout"/> passed; the process tree was killed.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled; the process tree was killed.</exception>
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken);
}
