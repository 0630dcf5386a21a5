using Harness.Machines;
using Harness.Waiting;

namespace Harness.Ssh;

/// <summary>How to reach one machine over SSH with a pinned host key. Immutable; use <c>with</c> to change.</summary>
/// <param name="MachineName">For messages and logs.</param>
/// <param name="Endpoint">Host and port of sshd.</param>
/// <param name="ClientKey">The run's client key (only its private key file is used).</param>
/// <param name="HostPublicKey">The only host key accepted: <c>ssh-ed25519 AAAA…</c> (comment ignored).</param>
/// <param name="StateDir">Folder for the known_hosts file of the printed ssh command line (the machine's <c>ssh/</c> artifact folder); created if missing.</param>
public sealed record SshConnectionSettings(
    string MachineName,
    SshEndpoint Endpoint,
    SshKeyPair ClientKey,
    string HostPublicKey,
    string StateDir)
{
    /// <summary>Remote user. Default <c>core</c>.</summary>
    public string User { get; init; } = "core";

    /// <summary>Limit for one connect attempt (TCP, handshake, authentication). Default <see cref="Timeouts.SshConnect"/>.</summary>
    public TimeSpan ConnectTimeout { get; init; } = Timeouts.SshConnect;

    /// <summary>
    /// Whether a readiness attempt (<c>TryConnectAsync</c>) first reads sshd's banner (<see cref="SshBanner"/>) and
    /// connects only once it arrived. Default true.
    /// </summary>
    public bool ProbeBanner { get; init; } = true;

    /// <summary>How long a banner probe waits for the identification line. Default <see cref="Timeouts.SshBanner"/>.</summary>
    public TimeSpan BannerTimeout { get; init; } = Timeouts.SshBanner;

    /// <summary>
    /// How long readiness probes wait for an answer on the endpoint's closed probe port before asking sshd directly.
    /// Default <see cref="Timeouts.NetworkProbeGrace"/>.
    /// </summary>
    public TimeSpan NetworkProbeGrace { get; init; } = Timeouts.NetworkProbeGrace;

    /// <summary>Keep-alive interval of the connection. Default <see cref="Timeouts.SshServerAliveInterval"/>.</summary>
    public TimeSpan ServerAliveInterval { get; init; } = Timeouts.SshServerAliveInterval;

    /// <summary>Attempts at opening the connection on transient errors (first try included). Default <see cref="Timeouts.SshTransientAttempts"/>.</summary>
    public int TransientAttempts { get; init; } = Timeouts.SshTransientAttempts;

    /// <summary>No transient retry starts after this much time spent connecting. Default <see cref="Timeouts.SshTransientRetryBudget"/>.</summary>
    public TimeSpan TransientBudget { get; init; } = Timeouts.SshTransientRetryBudget;

    /// <summary>First pause between transient retries (doubling, at most 10 s). Default 1 second.</summary>
    public TimeSpan TransientDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The <c>ssh</c> executable in the command line printed for a person (commands never start it). Default <c>ssh</c>.</summary>
    public string SshExecutable { get; init; } = "ssh";
}
