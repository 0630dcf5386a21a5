using Harness.Machines;

namespace Harness.Ssh;

/// <summary>
/// The SSH seam between <see cref="Machines.Machine"/> and the SSH client, so machine verbs can be tested with canned results.
/// Disposal closes the connection and removes its local state; idempotent, never throws.
/// </summary>
internal interface ISshConnection : IAsyncDisposable
{
    /// <summary>A command line a human can paste to reach the machine the same way (for keep-machines).</summary>
    string CommandLineForHumans { get; }

    /// <summary>
    /// One attempt (no retries) at opening the connection: true when it is up, otherwise what failed. With
    /// <paramref name="probeFirst"/> false it connects at once, without the banner and network probes of
    /// <see cref="SshConnectionSettings.ProbeBanner"/> (for a guest known to run sshd, e.g. one that resumed).
    /// </summary>
    /// <exception cref="SshHostKeyMismatchException">The host key is not the pinned one.</exception>
    Task<(bool Connected, string Observation)> TryConnectAsync(bool probeFirst, CancellationToken cancellationToken);


    /// <summary>
    /// Runs <paramref name="command"/> on the guest as the connection's user, through that user's login shell (sshd runs
    /// <c>$SHELL -c command</c>; bash for <c>core</c>), on a channel of its own. Exit code 255 with <c>ssh:</c> and what
    /// failed on stderr means the transport failed (as the OpenSSH client reports it).
    /// </summary>
    /// <exception cref="SshHostKeyMismatchException">The host key is not the pinned one.</exception>
    /// <exception cref="Harness.Processes.ProcessTimeoutException">The command ran past <see cref="SshExecOptions.Timeout"/>.</exception>
    Task<ExecResult> ExecAsync(string command, SshExecOptions options, CancellationToken cancellationToken);

    /// <summary>Closes the connection (the next command opens a new one).</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}
