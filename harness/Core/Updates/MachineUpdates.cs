using Harness.Failures;
using Harness.Machines;
using Harness.Omaha;
using Harness.Processes;
using Harness.Text;
using Harness.Waiting;

namespace Harness.Updates;

/// <summary>
/// The update vocabulary over a machine, the same on Flatcar and on the contract image (both have
/// <c>update_engine_client</c>, <c>/etc/flatcar/update.conf</c>, <c>rootdev</c> and <c>cgpt</c>), as kola's update tests use it.
/// </summary>
public static class MachineUpdates
{
    /// <summary>The status update_engine reports when an update is installed and waits for a reboot.</summary>
    public const string UpdatedNeedReboot = "UPDATE_STATUS_UPDATED_NEED_REBOOT";

    /// <summary>The status of an update engine with nothing to do.</summary>
    public const string Idle = "UPDATE_STATUS_IDLE";

    /// <summary>
    /// Which slot <c>/usr</c> was booted from (kola's <c>AssertBootedUsr</c>: <c>rootdev -s /usr</c> compared with
    /// <c>/dev/disk/by-partlabel/USR-A|USR-B</c>): <c>USR-A</c> or <c>USR-B</c>.
    /// </summary>
    /// <exception cref="TestFailureException">/usr is on neither slot; the message shows the devices.</exception>
    public static async Task<string> BootedUsrAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var lines = (await machine.SucceedAsync(
            "rootdev -s /usr; readlink -f /dev/disk/by-partlabel/USR-A; readlink -f /dev/disk/by-partlabel/USR-B",
            cancellationToken: cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 3 && lines[0] == lines[1])
        {
            return "USR-A";
        }

        if (lines.Length == 3 && lines[0] == lines[2])
        {
            return "USR-B";
        }

        throw new TestFailureException(
            $"/usr on {machine.Name} is on neither USR slot: rootdev -s /usr, USR-A, USR-B = {string.Join(", ", lines)}\n  artifacts: {machine.ArtifactDir}");
    }

    /// <summary>The running OS version (<c>VERSION_ID</c> of <c>/etc/os-release</c>).</summary>
    public static async Task<string> VersionIdAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return await machine.OutputAsync(". /etc/os-release && echo \"$VERSION_ID\"", cancellationToken: cancellationToken);
    }

    /// <summary>The GPT attributes of the slot labelled <paramref name="label"/> (<c>USR-A</c> or <c>USR-B</c>).</summary>
    public static async Task<UsrSlot> UsrSlotAsync(this Machine machine, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var output = await machine.SucceedAsync(
            SlotCommand(label, "echo \"$dev\" && for f in P T S; do sudo cgpt show -i \"$part\" -$f \"$disk\"; done"),
            cancellationToken: cancellationToken);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != 4)
        {
            throw new TestFailureException($"reading the GPT attributes of {label} on {machine.Name} printed:\n{output}\n  artifacts: {machine.ArtifactDir}");
        }

        return UsrSlot.FromCgptShow(label, lines[0], lines[1], lines[2], lines[3]);
    }

    /// <summary>
    /// Waits until the slot labelled <paramref name="label"/> is marked good (successful=1), which the update engine
    /// does after a healthy boot (update_engine: 45 s after it started). Default limit 5 minutes.
    /// </summary>
    public static Task WaitUntilMarkedGoodAsync(
        this Machine machine, string label, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return machine.WaitUntilSucceedsAsync(
            SlotCommand(label, "[ \"$(sudo cgpt show -i \"$part\" -S \"$disk\")\" = 1 ]"), timeout, cancellationToken);
    }

    /// <summary>
    /// Shell that sets <c>dev</c> (the slot's partition device), <c>part</c> (its number) and <c>disk</c> (its whole
    /// disk), then runs <paramref name="then"/>.
    /// </summary>
    private static string SlotCommand(string label, string then) =>
        $"dev=$(readlink -f {ShellQuote.Quote("/dev/disk/by-partlabel/" + label)}) && name=${{dev##*/}} && " +
        "part=$(cat /sys/class/block/$name/partition) && disk=/dev/$(basename \"$(readlink -f /sys/class/block/$name/..)\") && " + then;

    /// <summary>
    /// Sets the machine up for updates from <paramref name="server"/> in group <paramref name="group"/> as kola's
    /// <c>configureMachineForUpdate</c> does: <c>/etc/flatcar/update.conf</c> replaced atomically (keeping the
    /// lock-down's <c>REBOOT_STRATEGY=off</c>, so locksmithd reboots nothing mid-test), the developer payload key
    /// bind-mounted over <see cref="UpdatePayloadKeys.KeyPath"/> (Flatcar's test payloads are signed with it), then
    /// locksmithd and update-engine restarted so they read the new settings.
    /// </summary>
    public static async Task ConfigureUpdatesAsync(
        this Machine machine, Uri server, string group = "developer", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(server);
        var conf = ShellQuote.Quote($"GROUP={group}\nSERVER={server}\nREBOOT_STRATEGY=off\n");
        var key = ShellQuote.Quote(UpdatePayloadKeys.Developer);
        await machine.SucceedAsync(
            $"sudo mkdir -p /etc/flatcar && printf %s {conf} | sudo tee {UpdateLockDown.ConfPath}.new >/dev/null && " +
            $"sudo mv {UpdateLockDown.ConfPath}.new {UpdateLockDown.ConfPath} && " +
            $"printf %s {key} | sudo tee {UpdatePayloadKeys.OverridePath} >/dev/null && " +
            $"sudo mount --bind {UpdatePayloadKeys.OverridePath} {UpdatePayloadKeys.KeyPath} && " +
            "sudo systemctl restart locksmithd.service update-engine.service",
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Whether the reboot manager (<c>locksmithd.service</c>) is running. With <c>REBOOT_STRATEGY=off</c> it exits at
    /// start, so nothing reboots the machine after an installed update.
    /// </summary>
    public static async Task<bool> RebootManagerActiveAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var state = await machine.UnitStateAsync("locksmithd.service", cancellationToken);
        return state.ActiveState is "active" or "activating" or "reloading";
    }

    /// <summary>The update engine's <c>CURRENT_OP</c> (<c>UPDATE_STATUS_IDLE</c>, …).</summary>
    public static async Task<string> UpdateStatusAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var status = await machine.SucceedAsync("update_engine_client -status", cancellationToken: cancellationToken);
        return KeyValues.Parse(status, $"update_engine_client -status on {machine.Name}").Find("CURRENT_OP")
            ?? throw new TestFailureException($"update_engine_client -status on {machine.Name} printed no CURRENT_OP=:\n{status}");
    }

    /// <summary>Starts an update check (<c>update_engine_client -check_for_update</c>); an offered update is downloaded and installed in the background.</summary>
    public static Task StartUpdateCheckAsync(this Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return machine.SucceedAsync("update_engine_client -check_for_update", cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Starts an update check and waits until the update is installed (<see cref="UpdatedNeedReboot"/>), as kola does
    /// (poll <c>update_engine_client -status</c>). Default limit 10 minutes. With the test's own Omaha server, prefer
    /// <see cref="UpdateAsync(Machine, OmahaServer, TimeSpan?, CancellationToken)"/>.
    /// </summary>
    public static async Task UpdateAsync(this Machine machine, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await machine.StartUpdateCheckAsync(cancellationToken);
        await machine.WaitUntilSucceedsAsync(
            $"update_engine_client -status | grep -qx CURRENT_OP={UpdatedNeedReboot}",
            timeout ?? TimeSpan.FromMinutes(10),
            cancellationToken);
    }

    /// <summary>
    /// Starts an update check against <paramref name="server"/> and waits there until the update engine reports the
    /// update installed (event 3/1, sent by update_engine after its postinstall), then until the machine says
    /// <see cref="UpdatedNeedReboot"/>. Waiting at the server runs nothing on the guest during the install, where
    /// polling <c>update_engine_client</c> took a third of an emulated guest's CPU. Fails at once, quoting what the
    /// server saw, when the engine reports an error (3/0 and its code) or the server answered the check with no update.
    /// Default limit 10 minutes.
    /// </summary>
    /// <exception cref="TestFailureException">The engine reported an error, or no update was offered.</exception>
    public static async Task UpdateAsync(this Machine machine, OmahaServer server, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(server);
        var before = server.Exchanges.Count;
        await machine.StartUpdateCheckAsync(cancellationToken);
        await machine.WaitForHostAsync(
            $"the Omaha server at 127.0.0.1:{server.Port} to hear that the update is installed (event 3/1)",
            () => InstallReport(machine, server, before),
            timeout ?? TimeSpan.FromMinutes(10),
            cancellationToken);
        await machine.WaitUntilSucceedsAsync(
            $"update_engine_client -status | grep -qx CURRENT_OP={UpdatedNeedReboot}",
            TimeSpan.FromMinutes(2),
            cancellationToken);
    }

    /// <summary>The install report among the exchanges after the first <paramref name="skip"/>; fails on an error report or a noupdate answer.</summary>
    private static ProbeResult<OmahaEvent> InstallReport(Machine machine, OmahaServer server, int skip)
    {
        var exchanges = server.Exchanges.Skip(skip).ToList();
        foreach (var exchange in exchanges)
        {
            // Progress events only: the report every update check carries (3/2, or 3/0 errorcode 44) says nothing about this update.
            foreach (var e in exchange.Request is { UpdateCheck: false } request ? request.Events : [])
            {
                if (e is { Type: OmahaEvent.UpdateComplete, Result: OmahaEvent.ResultSuccess })
                {
                    return ProbeResult.Done(e);
                }

                if (e is { Type: OmahaEvent.UpdateComplete, Result: OmahaEvent.ResultError })
                {
                    throw new TestFailureException(
                        $"the update engine on {machine.Name} reported a failed update (event 3/0, errorcode {e.ErrorCode}: action code {e.BaseErrorCode}, flags 0x{e.ErrorFlags:x}); the server saw: {server.DescribeExchanges()}");
                }
            }

            if (exchange.Request is { UpdateCheck: true } && exchange.Answer.StartsWith("noupdate", StringComparison.Ordinal))
            {
                throw new TestFailureException(
                    $"the Omaha server answered {machine.Name}'s update check with no update, so nothing will be installed; the server saw: {server.DescribeExchanges()}");
            }
        }

        return ProbeResult.NotYet<OmahaEvent>("the server saw: " + (exchanges.Count == 0 ? "no request since the check started" : string.Join("; ", exchanges)));
    }
}
