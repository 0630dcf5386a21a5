using Harness.Failures;
using Harness.Logging;
using Harness.Processes;
using Harness.Ssh;
using Harness.Waiting;

namespace Harness.Machines;

public sealed partial class Machine
{
    /// <summary>
    /// Reboots from inside (<c>sudo systemctl reboot</c>; the SSH session dropping is expected), waits until SSH answers
    /// again on the same endpoint with a new connection, and proves the boot id changed.
    /// </summary>
    /// <param name="timeout">Limit for the machine to come back. Default <see cref="Timeouts.Reboot"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The new boot id.</returns>
    /// <exception cref="TestFailureException">The reboot command failed.</exception>
    /// <exception cref="WaitTimeoutException">SSH did not come back with a new boot id in time (the message says which).</exception>
    /// <exception cref="MachineCrashedException">The machine died while rebooting.</exception>
    /// <exception cref="NotSupportedException">The platform cannot reboot machines.</exception>
    public async Task<string> RebootAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var ssh = RequireSsh();
        RequireCapability(PlatformCapabilities.Reboot, "reboot");
        var oldBootId = await BootIdAsync(cancellationToken);
        var started = _time.GetTimestamp();
        HarnessLog.StepStarting(_logger, Name, "rebooting");

        _sshUp = false;
        const string command = "sudo systemctl reboot";
        try
        {
            var result = await ssh.ExecAsync(command, SshExecOptions.Default with { Timeout = Timeouts.RebootCommand, Reconnect = false }, cancellationToken);
            if (result.ExitCode is not 0 and not 255)
            {
                throw new TestFailureException(MachineFailures.CommandFailed(result, Name, ArtifactDir));
            }
        }
        catch (ProcessTimeoutException)
        {
            // The connection hung while the machine went down; the boot id check below tells whether it rebooted.
        }

        return await AwaitNewBootAsync(ssh, oldBootId, timeout, "rebooting", "SSH with a new boot id after reboot", started, cancellationToken);
    }

    /// <summary>
    /// Waits for a reboot the machine does by itself (locksmithd after an update, a watchdog): until SSH answers with a
    /// boot id other than <paramref name="oldBootId"/>, however often the connection drops on the way.
    /// </summary>
    /// <param name="oldBootId">The boot id before the reboot (<see cref="BootIdAsync"/>).</param>
    /// <param name="timeout">Limit for the machine to go down and come back. Default <see cref="Timeouts.Reboot"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The new boot id.</returns>
    /// <exception cref="WaitTimeoutException">SSH did not answer with a new boot id in time (the machine did not reboot, or did not come back).</exception>
    /// <exception cref="MachineCrashedException">The machine died instead.</exception>
    /// <exception cref="NotSupportedException">The platform cannot reboot machines.</exception>
    public async Task<string> WaitForRebootAsync(string oldBootId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(oldBootId);
        var ssh = RequireSsh();
        RequireCapability(PlatformCapabilities.Reboot, "wait for a reboot of");
        var started = _time.GetTimestamp();
        const string step = "waiting for it to reboot by itself";
        HarnessLog.StepStarting(_logger, Name, step);
        _sshUp = false;
        return await AwaitNewBootAsync(ssh, oldBootId, timeout, step, "SSH with a new boot id after a reboot by the machine itself", started, cancellationToken);
    }

    /// <summary>Closes the old connection, waits for SSH with a boot id other than <paramref name="oldBootId"/>, logs the step done.</summary>
    private async Task<string> AwaitNewBootAsync(
        ISshConnection ssh, string oldBootId, TimeSpan? timeout, string step, string what, long started, CancellationToken cancellationToken)
    {
        await ssh.CloseAsync(cancellationToken);
        var newBootId = await WaitForSshAsync(oldBootId, timeout ?? Timeouts.Reboot, what, cancellationToken);
        HarnessLog.Rebooted(_logger, Name, oldBootId, newBootId);
        var elapsed = _time.GetElapsedTime(started);
        HarnessLog.StepDone(_logger, Name, step, elapsed);
        return newBootId;
    }

    /// <summary>
    /// Hard reset through the platform (no clean shutdown), then — unless the machine has no SSH — waits until SSH
    /// answers with a new boot id. Crash patterns printed before the reset no longer stop waits.
    /// </summary>
    /// <param name="timeout">Limit for the machine to come back. Default <see cref="Timeouts.Reboot"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="WaitTimeoutException">SSH did not come back with a new boot id in time.</exception>
    /// <exception cref="MachineCrashedException">The machine died after the reset.</exception>
    /// <exception cref="NotSupportedException">The platform has no power control.</exception>
    public async Task ResetAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        RequireCapability(PlatformCapabilities.PowerControl, "reset");
        var started = _time.GetTimestamp();
        HarnessLog.StepStarting(_logger, Name, "resetting");

        var oldBootId = _lastBootId;
        _sshUp = false;
        if (_ssh is not null)
        {
            await _ssh.CloseAsync(cancellationToken);
        }

        _crashScanFrom = ReadConsole().Length;
        await _backend.ResetAsync(cancellationToken);
        if (_ssh is not null)
        {
            await WaitForSshAsync(oldBootId, timeout ?? Timeouts.Reboot, "SSH with a new boot id after reset", cancellationToken);
        }

        var elapsed = _time.GetElapsedTime(started);
        HarnessLog.StepDone(_logger, Name, "resetting", elapsed);
    }

    private void RequireCapability(PlatformCapabilities capability, string verb)
    {
        if (!_capabilities.HasFlag(capability))
        {
            throw new NotSupportedException($"cannot {verb} {Name}: the platform lacks the {capability} capability");
        }
    }
}
