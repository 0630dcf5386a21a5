using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Harness.Failures;
using Harness.Machines;
using Harness.Testing;

namespace Harness.Platforms.Qemu.Tests;

/// <summary>Starts real QEMU guests (firmware only, a blank disk; a few seconds each under TCG).</summary>
[Trait("Category", "Integration")]
public sealed class QemuPlatformIntegrationTests : IDisposable
{
    private readonly TempDir _dir = new("hq-int");

    public void Dispose() => _dir.Dispose();

    internal static void SkipWithoutQemu(Arch arch = Arch.Amd64)
    {
        var emulator = QemuOptions.DefaultQemuBinary(arch);
        Skip.If(ExecutableLookup.Find(emulator) is null, $"{emulator} is not installed");
        Skip.If(ExecutableLookup.Find("qemu-img") is null, "qemu-img is not installed");
        Skip.IfNot(File.Exists(QemuOptions.DefaultFirmwareCode(arch)), $"the {arch} UEFI firmware ({QemuOptions.DefaultFirmwareCode(arch)}) is not installed");
    }

    private QemuOptions Options(QemuAccelerator accelerator = QemuAccelerator.Tcg) => new()
    {
        ImagePath = _dir.BlankMbrDisk(),
        Accelerator = accelerator,
        StateDir = _dir.File("state"),
        ShutdownGrace = TimeSpan.FromSeconds(5),
    };

    private MachineLaunch Launch(string name, MachineOptions? options = null)
    {
        var artifacts = Directory.CreateDirectory(_dir.File("artifacts/" + name)).FullName;
        return new MachineLaunch(name, "{\"ignition\":{\"version\":\"3.3.0\"}}", options ?? (MachineOptions.Default with { MemoryMiB = 256, Cpus = 1 }), artifacts);
    }

    private static bool Alive(int pid) => ProcInfo.StartTime(pid) is not null;

    private string[] LeftoverState() =>
        Directory.Exists(_dir.File("state/machines")) ? Directory.GetFileSystemEntries(_dir.File("state/machines")) : [];

    [SkippableFact]
    public async Task Firmware_boots_into_the_console_file_and_disposal_leaves_nothing_but_artifacts()
    {
        SkipWithoutQemu();
        await using var platform = new QemuPlatform(Options());
        var launch = Launch("int-m1", MachineOptions.Default with { MemoryMiB = 256, Cpus = 1, ExtraDisks = [new DiskSpec(16, "scratch")] });

        var clock = Stopwatch.StartNew();
        var machine = (QemuMachine)await platform.CreateMachineAsync(launch, CancellationToken.None);
        var started = clock.Elapsed;

        Assert.Contains("accel tcg (forced by HARNESS_ACCEL=tcg)", platform.Description, StringComparison.Ordinal);
        Assert.Null(machine.ExitReason);
        Assert.Equal("127.0.0.1", machine.Ssh.Host);
        Assert.True(File.Exists(Path.Combine(machine.StateDir, "overlay.qcow2")));
        Assert.True(File.Exists(Path.Combine(machine.StateDir, "disk1.qcow2")));
        Assert.Equal(launch.IgnitionJson, File.ReadAllText(Path.Combine(machine.StateDir, "ignition.json")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(machine.StateDir));
        using (var probe = new TcpClient())
        {
            await probe.ConnectAsync(IPAddress.Loopback, machine.Ssh.Port);
        }

        var output = await Eventually.TrueAsync(() => machine.Console.ReadAll().Length > 0, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        Assert.True(output, "no console output within 60s");
        await machine.ResetAsync(CancellationToken.None);
        await machine.CollectArtifactsAsync(CancellationToken.None);

        var pid = machine.QemuPid;
        var socket = machine.QmpSocket;
        var state = machine.StateDir;
        await machine.DisposeAsync();
        await machine.DisposeAsync();

        Assert.False(Alive(pid), "qemu survived disposal");
        Assert.False(Directory.Exists(state));
        Assert.False(File.Exists(socket));
        Assert.Equal("qemu was shut down by the harness (machine disposed)", machine.ExitReason);
        foreach (var artifact in (string[])["console.txt", "qemu-cmdline.txt", "qemu-stderr.txt"])
        {
            Assert.True(File.Exists(Path.Combine(launch.ArtifactDir, artifact)), artifact + " is missing");
        }

        // The config as passed holds the guest's host private key: it lived in the private state folder only.
        Assert.False(File.Exists(Path.Combine(launch.ArtifactDir, "ignition.json")), "the platform must not report the passed config");
        Assert.True(started < TimeSpan.FromSeconds(30), $"machine creation took {started}");
    }

    [SkippableFact]
    public async Task A_reset_is_a_power_cycle_on_the_same_port_console_and_disks()
    {
        SkipWithoutQemu();
        await using var platform = new QemuPlatform(Options());
        var launch = Launch("int-pc");
        var machine = (QemuMachine)await platform.CreateMachineAsync(launch, CancellationToken.None);
        Assert.True(await Eventually.TrueAsync(() => machine.Console.ReadAll().Length > 0, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100)), "no console output within 60s");
        var firstPid = machine.QemuPid;
        var firstConsole = machine.Console.ReadAll();
        var overlay = Path.Combine(machine.StateDir, "overlay.qcow2");

        await machine.ResetAsync(CancellationToken.None);

        Assert.True(await Eventually.TrueAsync(() => machine.PowerCycles == 1, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100)), "QEMU was not started again within 60s");
        Assert.Null(machine.ExitReason);
        Assert.NotEqual(firstPid, machine.QemuPid);
        Assert.False(Alive(firstPid), "the first QEMU still runs");
        Assert.True(Alive(machine.QemuPid));
        using (var probe = new TcpClient())
        {
            await probe.ConnectAsync(IPAddress.Loopback, machine.Ssh.Port);
        }

        // The console file is appended to: the first boot's output stays, the second boot's follows it.
        Assert.True(await Eventually.TrueAsync(() => machine.Console.ReadAll().Length > firstConsole.Length, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100)), "no console output from the second QEMU");
        Assert.StartsWith(firstConsole, machine.Console.ReadAll(), StringComparison.Ordinal);
        // The new QEMU runs on the same disks and firmware variables.
        var cmdline = File.ReadAllText($"/proc/{machine.QemuPid}/cmdline");
        Assert.Contains("file=" + overlay, cmdline, StringComparison.Ordinal);
        Assert.Contains("file=" + Path.Combine(machine.StateDir, "vars.fd"), cmdline, StringComparison.Ordinal);

        // The stale-sweep record names the running QEMU, so a crashed harness's sweep would kill this one.
        var record = Assert.Single(Directory.GetFiles(_dir.File("state/pids"), "int-pc*"));
        Assert.Contains(machine.QemuPid.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(record), StringComparison.Ordinal);

        var pid = machine.QemuPid;
        await machine.DisposeAsync();
        Assert.False(Alive(pid), "qemu survived disposal");
        Assert.Equal("qemu was shut down by the harness (machine disposed)", machine.ExitReason);
        Assert.Empty(LeftoverState());
    }

    [SkippableFact]
    public async Task A_qemu_stopped_from_outside_is_not_started_again()
    {
        SkipWithoutQemu();
        await using var platform = new QemuPlatform(Options());
        var machine = (QemuMachine)await platform.CreateMachineAsync(Launch("int-term"), CancellationToken.None);

        Process.GetProcessById(machine.QemuPid).Kill(entireProcessTree: false);
        await machine.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, machine.PowerCycles);
        Assert.StartsWith("qemu was killed by signal 9", machine.ExitReason, StringComparison.Ordinal);
        await machine.DisposeAsync();
    }

    [SkippableFact]
    public async Task Disposing_the_platform_destroys_its_machines_and_socket_folder()
    {
        SkipWithoutQemu();
        var platform = new QemuPlatform(Options());
        var machine = (QemuMachine)await platform.CreateMachineAsync(Launch("int-m2"), CancellationToken.None);
        var socketDir = Path.GetDirectoryName(machine.QmpSocket)!;

        await platform.DisposeAsync();

        Assert.False(Alive(machine.QemuPid));
        Assert.False(Directory.Exists(socketDir));
        Assert.Empty(LeftoverState());
        Assert.Empty(Directory.GetFiles(_dir.File("state/pids")));
    }

    [SkippableTheory]
    [InlineData(0)] // the SSH forward's port is taken
    [InlineData(1)] // the network probe forward's port is taken
    public async Task A_taken_forward_port_is_retried_with_other_ports(int takenPick)
    {
        SkipWithoutQemu();
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var takenPort = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var picks = 0;
        await using var platform = new QemuPlatform(Options()) { PortPicker = () => picks++ == takenPick ? takenPort : FreePort.PickLoopback() };

        await using var machine = await platform.CreateMachineAsync(Launch("int-m3"), CancellationToken.None);

        // Two ports an attempt (SSH, then the closed-port probe): the first attempt failed on the taken one.
        Assert.Equal(4, picks);
        Assert.NotEqual(takenPort, machine.Ssh.Port);
        Assert.NotNull(machine.Ssh.NetworkProbePort);
        Assert.NotEqual(takenPort, machine.Ssh.NetworkProbePort);
        Assert.NotEqual(machine.Ssh.Port, machine.Ssh.NetworkProbePort);
    }

    [SkippableFact]
    public async Task A_qemu_that_cannot_start_reports_its_output_and_leaves_nothing()
    {
        SkipWithoutQemu();
        // Passes validation (non-empty file) but is no pflash image: QEMU refuses it at start.
        var options = Options() with { FirmwareCode = _dir.WriteBytes("bad-code.fd", [1, 2, 3], size: 1000) };
        await using var platform = new QemuPlatform(options);

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => platform.CreateMachineAsync(Launch("int-m4"), CancellationToken.None));

        Assert.StartsWith("qemu exited with code 1 while starting int-m4: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("qemu-cmdline.txt", e.Message, StringComparison.Ordinal);
        Assert.Empty(LeftoverState());
        Assert.Empty(Directory.GetFiles(_dir.File("state/pids"), "int-m4*"));
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(120)]
    [InlineData(300)]
    public async Task Cancellation_during_creation_cleans_up(int afterMs)
    {
        SkipWithoutQemu();
        await using var platform = new QemuPlatform(Options());
        await platform.InitializeAsync(CancellationToken.None);
        var before = Process.GetProcessesByName("qemu-system-x86_64").Select(p => p.Id).ToHashSet();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(afterMs));

        try
        {
            var machine = await platform.CreateMachineAsync(Launch("int-c" + afterMs), cts.Token);
            await machine.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Empty(LeftoverState());
        var after = Process.GetProcessesByName("qemu-system-x86_64").Select(p => p.Id).Where(id => !before.Contains(id)).ToList();
        Assert.DoesNotContain(after, id => File.ReadAllText($"/proc/{id}/cmdline").Contains(_dir.Path, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task The_accelerator_probe_runs_once_and_is_cached()
    {
        SkipWithoutQemu();
        await using (var first = new QemuPlatform(Options(QemuAccelerator.Auto)))
        {
            await first.InitializeAsync(CancellationToken.None);
            Assert.Matches(@"accel (kvm|tcg) \(", first.Description);
        }

        // Without a usable /dev/kvm there is nothing to probe (and nothing to cache).
        var probed = AcceleratorSelection.KvmDeviceProblem() is null;
        Assert.Equal(probed, File.Exists(_dir.File("state/accelerator-cache.json")));
        await using var second = new QemuPlatform(Options(QemuAccelerator.Auto));
        await second.InitializeAsync(CancellationToken.None);
        Assert.Equal(probed, second.Description.Contains("; cached ", StringComparison.Ordinal));
    }
}
