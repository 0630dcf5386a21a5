using Harness.Failures;
using Harness.Machines;
using Harness.Settings;
using Harness.Xunit.Runs;
using Microsoft.Extensions.Logging;

namespace Harness.Xunit;

/// <summary>
/// Starts machines for the running OS test: <c>await using var vm = await Session.StartAsync(spec);</c>.
/// The run behind it is created once per test process (settings, run folder, platform, SSH client key, scheduler,
/// logs, results). Machines started here belong to the current test: the harness disposes any the test forgets,
/// applies their console checks to the test's outcome, and destroys all of them if the process ends.
/// The cancellation token defaults to the test's (<see cref="OsTestContext.CancellationToken"/>), which fires at the
/// time limit; a token passed in is combined with it.
/// </summary>
public static class Session
{
    /// <summary>The settings of this run.</summary>
    /// <exception cref="HarnessSettingsException">The settings are invalid.</exception>
    public static HarnessSettings Settings => HarnessRun.Current.Settings;

    /// <summary>
    /// Starts one machine from <paramref name="spec"/> and waits until it is usable (SSH answers; for a raw Ignition
    /// config, until the VM runs). Waits first for capacity when the host is busy (not counted against the time limit).
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside an <c>[OsTest]</c> test.</exception>
    /// <exception cref="InfrastructureException">The platform failed, SSH never came up, or the machine can never fit this host.</exception>
    /// <exception cref="MachineCrashedException">The machine crashed while booting.</exception>
    public static async Task<Machine> StartAsync(MachineSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var machines = await StartCoreAsync([spec], cancellationToken);
        return machines[0];
    }

    /// <summary>
    /// Starts <paramref name="count"/> machines from <paramref name="spec"/> at once (capacity is granted for all of
    /// them together), named <c>m1</c>…<c>mN</c> (or <c>&lt;name&gt;1</c>… when the spec has its own name). If one
    /// fails, all are destroyed and the first error is thrown.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside an <c>[OsTest]</c> test.</exception>
    /// <exception cref="InfrastructureException">The platform failed, SSH never came up, or the cluster can never fit this host.</exception>
    /// <exception cref="MachineCrashedException">A machine crashed while booting.</exception>
    public static Task<IReadOnlyList<Machine>> StartClusterAsync(int count, MachineSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(spec);
        var stem = spec.Name == MachineSpec.Default.Name ? "m" : spec.Name;
        return StartCoreAsync([.. Enumerable.Range(1, count).Select(i => spec.WithName(stem + i))], cancellationToken);
    }

    /// <summary>
    /// Starts one machine per interface of <paramref name="network"/>, all on that private network (capacity is granted
    /// for all of them together). <paramref name="specFor"/> describes each machine from its interface (its address is
    /// known before boot, e.g. for an etcd initial cluster); the harness attaches the interface and names the machines
    /// <c>m1</c>…<c>mN</c> unless a spec has its own name. If one fails, all are destroyed and the first error is thrown.
    /// Tests that use it declare <c>Requires = PlatformCapabilities.PrivateNetwork</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside an <c>[OsTest]</c> test, or the platform has no private networks.</exception>
    /// <exception cref="InfrastructureException">The platform failed, SSH never came up, or the cluster can never fit this host.</exception>
    /// <exception cref="MachineCrashedException">A machine crashed while booting.</exception>
    public static async Task<IReadOnlyList<Machine>> StartClusterAsync(PrivateNetwork network, Func<PrivateNic, MachineSpec> specFor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(specFor);
        var platform = await HarnessRun.Current.GetPlatformAsync();
        if (!platform.Platform.Capabilities.HasFlag(PlatformCapabilities.PrivateNetwork))
        {
            throw new InvalidOperationException(
                $"platform '{platform.Platform.Name}' has no private networks; mark the test Requires = PlatformCapabilities.PrivateNetwork");
        }

        var specs = network.Nics
            .Select(nic => (nic, spec: specFor(nic)))
            .Select(x => (x.spec.Name == MachineSpec.Default.Name ? x.spec.WithName("m" + (x.nic.Index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) : x.spec).WithPrivateNic(x.nic))
            .ToList();
        return await StartCoreAsync(specs, cancellationToken);
    }

    /// <summary>
    /// The running test's logger: its lines go to the test's <c>test.log</c>, the run's <c>harness.log</c> and the
    /// test's output (<see cref="OsTestContext.Logger"/>). Hand it to servers the test starts, or log a step.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside an <c>[OsTest]</c> test.</exception>
    public static ILogger Logger =>
        (OsTestContext.Current ?? throw new InvalidOperationException("Session.Logger logs for an OS test: use it from a method marked [OsTest(\"…\")]"))
            .Logger;

    /// <summary>
    /// Records a one-line fact in the current test's result (<c>notes</c> in <c>results.json</c>) and log, e.g. a node's
    /// fleet fingerprint. See <see cref="OsTestContext.AddNote"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside an <c>[OsTest]</c> test.</exception>
    public static void AddNote(string note) =>
        (OsTestContext.Current ?? throw new InvalidOperationException("Session.AddNote records into an OS test's result: call it from a method marked [OsTest(\"…\")]"))
            .AddNote(note);

    /// <summary>
    /// For a test that runs everywhere but has one part that needs <paramref name="capabilities"/>: true when the
    /// platform has them; otherwise records in the test's result why <paramref name="part"/> was skipped (a note:
    /// <c>skipped &lt;part&gt;: platform azure lacks ImageFile</c>) and returns false. A test that needs the capability
    /// throughout declares <c>Requires</c> instead.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside an <c>[OsTest]</c> test.</exception>
    public static async Task<bool> PlatformAllowsAsync(PlatformCapabilities capabilities, string part)
    {
        ArgumentException.ThrowIfNullOrEmpty(part);
        var test = OsTestContext.Current
            ?? throw new InvalidOperationException("Session.PlatformAllowsAsync records into an OS test's result: call it from a method marked [OsTest(\"…\")]");
        var platform = (await HarnessRun.Current.GetPlatformAsync()).Platform;
        var missing = capabilities & ~platform.Capabilities;
        if (missing == PlatformCapabilities.None)
        {
            return true;
        }

        test.AddNote($"skipped {part}: platform {platform.Name} lacks {missing}");
        return false;
    }

    /// <summary>
    /// The address at which this run's machines reach a server the test listens on at 127.0.0.1 (same port), e.g.
    /// <c>10.0.2.2</c> on QEMU. Tests that serve files or updates declare
    /// <c>Requires = PlatformCapabilities.HostServices</c>, so on platforms without it they are skipped before this is called.
    /// </summary>
    /// <exception cref="InvalidOperationException">The platform has no route from guests to the host.</exception>
    public static async Task<string> HostAddressForGuestsAsync()
    {
        var platform = await HarnessRun.Current.GetPlatformAsync();
        return platform.Platform.HostAddressForGuests
            ?? throw new InvalidOperationException(
                $"platform '{platform.Platform.Name}' gives guests no route to the host's servers; mark the test Requires = PlatformCapabilities.HostServices");
    }

    private static async Task<IReadOnlyList<Machine>> StartCoreAsync(IReadOnlyList<MachineSpec> specs, CancellationToken cancellationToken)
    {
        var test = OsTestContext.Current
            ?? throw new InvalidOperationException("Session starts machines for OS tests only: call it from a method marked [OsTest(\"…\")]");
        var run = HarnessRun.Current;
        var platform = await run.GetPlatformAsync();
        return await MachineStarter.StartAsync(run, platform, test, specs, cancellationToken);
    }
}
