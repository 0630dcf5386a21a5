namespace Harness.Waiting;

/// <summary>
/// Every default duration of the harness, in one place. Sized for TCG (emulated CPUs, no KVM), where a boot to
/// SSH can take minutes; on KVM the waits simply finish early.
/// </summary>
public static class Timeouts
{
    /// <summary>
    /// From VM start (or reboot/reset) until SSH answers. 10 minutes: first boots of 4.5 minutes were seen under TCG
    /// with the host's load at 25 (a crash on the console still ends the wait at once).
    /// </summary>
    public static TimeSpan SshReady { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Until a systemd unit is active (<c>WaitForUnitAsync</c>). 5 minutes.</summary>
    public static TimeSpan Unit { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Until the serial console matches (<c>WaitForConsoleAsync</c>). 5 minutes.</summary>
    public static TimeSpan Console { get; } = TimeSpan.FromMinutes(5);

    /// <summary>One guest command, from start to exit (<c>ExecAsync</c>, <c>SucceedAsync</c>, …). 5 minutes.</summary>
    public static TimeSpan Command { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Until a polled command succeeds (<c>WaitUntilSucceedsAsync</c>). 5 minutes.</summary>
    public static TimeSpan WaitUntilSucceeds { get; } = TimeSpan.FromMinutes(5);

    /// <summary>From <c>systemctl reboot</c> (or a hard reset) until SSH answers from the new boot. 10 minutes, as <see cref="SshReady"/>.</summary>
    public static TimeSpan Reboot { get; } = TimeSpan.FromMinutes(10);

    /// <summary>One file copy over SSH. 10 minutes.</summary>
    public static TimeSpan Copy { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Saving the journal while a machine is disposed. 2 minutes.</summary>
    public static TimeSpan JournalCapture { get; } = TimeSpan.FromMinutes(2);

    /// <summary>The <c>systemctl reboot</c> command itself (the session usually drops before it returns). 30 seconds.</summary>
    public static TimeSpan RebootCommand { get; } = TimeSpan.FromSeconds(30);

    /// <summary>OpenSSH <c>ConnectTimeout</c>: TCP connect plus banner exchange. 20 seconds.</summary>
    public static TimeSpan SshConnect { get; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A readiness probe's wait for sshd's banner before <c>ssh</c> is started (<see cref="Ssh.SshBanner"/>). 5 seconds:
    /// sshd sends it right after accepting, so waiting longer only delays noticing a guest that just came up.
    /// </summary>
    public static TimeSpan SshBanner { get; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long readiness probes wait for the guest to answer on its closed probe port
    /// (<see cref="Machines.SshEndpoint.NetworkProbePort"/>) before they ask sshd directly, as if there were no such port:
    /// a guest whose firewall drops that port still becomes reachable. 4 minutes: a first boot under emulation on a busy
    /// host brings its network up within about 2.
    /// </summary>
    public static TimeSpan NetworkProbeGrace { get; } = TimeSpan.FromMinutes(4);

    /// <summary>OpenSSH <c>ServerAliveInterval</c>; three missed answers drop the connection. 10 seconds.</summary>
    public static TimeSpan SshServerAliveInterval { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Total time spent retrying transient SSH connection errors once a machine is up. 1 minute.</summary>
    public static TimeSpan SshTransientRetryBudget { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts at a transient SSH connection error once a machine is up (first try included). 5.</summary>
    public static int SshTransientAttempts { get; } = 5;

    /// <summary>Default pause between two attempts of a poll. 1 second.</summary>
    public static TimeSpan PollInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause between two SSH readiness probes. 2 seconds.</summary>
    public static TimeSpan SshPollInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Pause between two SSH readiness probes of a machine that resumed a saved state (it runs sshd already, so the
    /// first attempt usually succeeds and a retry should not wait long). 250 ms.
    /// </summary>
    public static TimeSpan ResumedSshPollInterval { get; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Waits that run a command on the machine pause at least this many times the command's duration between attempts
    /// (<see cref="PollOptions.PauseFactor"/>): 2, so polling takes at most a third of the guest's time. An emulated
    /// guest's one CPU runs every probe (an sshd session and the command): polled every second during an update, the
    /// probes took 1.2-3.7 s each, most of the guest's time, and slowed down the update they waited for.
    /// </summary>
    public const double GuestProbePauseFactor = 2;

    /// <summary>Pause between two reads of the serial console. 500 ms.</summary>
    public static TimeSpan ConsolePollInterval { get; } = TimeSpan.FromMilliseconds(500);
}
