using System.Net;
using System.Net.Sockets;
using Harness.Machines;
using Harness.Testing;

namespace Harness.Platforms.Qemu.Tests;

/// <summary>Saves and restores real QEMU guests (firmware only, a blank disk; seconds under TCG).</summary>
[Trait("Category", "Integration")]
public sealed class QemuSnapshotIntegrationTests : IDisposable
{
    private readonly TempDir _dir = new("hq-snap");

    public void Dispose() => _dir.Dispose();

    private QemuOptions Options(string image, Arch arch) => new()
    {
        Arch = arch,
        ImagePath = image,
        Accelerator = QemuAccelerator.Tcg,
        StateDir = _dir.File("state"),
        ShutdownGrace = TimeSpan.FromSeconds(5),
    };

    private static readonly MachineOptions Small = MachineOptions.Default with { MemoryMiB = 256, Cpus = 1, ExtraDisks = [new DiskSpec(16, "scratch")] };

    private MachineLaunch Launch(string name) =>
        new(name, "{\"ignition\":{\"version\":\"3.3.0\"}}", Small, Directory.CreateDirectory(_dir.File("artifacts/" + name)).FullName);

    private static string[] CommandLine(int pid) =>
        File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    [SkippableTheory]
    [InlineData(Arch.Amd64)]
    [InlineData(Arch.Arm64)]
    public async Task A_saved_machine_is_frozen_read_only_and_each_restore_runs_on_its_own_overlay_ports_and_power_cycles_from_its_own_disks(Arch arch)
    {
        QemuPlatformIntegrationTests.SkipWithoutQemu(arch);
        var image = _dir.BlankMbrDisk();
        var platform = new QemuPlatform(Options(image, arch));
        await using (platform)
        {
            var template = (QemuMachine)await platform.CreateMachineAsync(Launch("template"), CancellationToken.None);
            Assert.True(await Eventually.TrueAsync(() => template.Console.ReadAll().Length > 0, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100)), "no console output within 60s");
            var templatePid = template.QemuPid;

            var snapshot = await template.SaveSnapshotAsync(CancellationToken.None);
            await template.DisposeAsync();

            Assert.Null(ProcInfo.StartTime(templatePid));
            Assert.Equal(("qemu", Small), (snapshot.Platform, snapshot.Options));
            Assert.StartsWith(Path.GetFullPath(_dir.File("state")), snapshot.Directory, StringComparison.Ordinal);
            foreach (var file in (string[])["state.bin", "disk.qcow2", "disk1.qcow2", "vars.fd"])
            {
                var path = Path.Combine(snapshot.Directory, file);
                Assert.True(File.Exists(path), $"{file} missing from the snapshot");
                Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
            }

            Assert.True(new FileInfo(Path.Combine(snapshot.Directory, "state.bin")).Length > 1024 * 1024, "the saved state is implausibly small");
            Assert.Equal(Directory.EnumerateFiles(snapshot.Directory).Sum(f => new FileInfo(f).Length), snapshot.SizeBytes);

            var a = (QemuMachine)await platform.RestoreMachineAsync(snapshot, Launch("clone-a"), CancellationToken.None);
            var b = (QemuMachine)await platform.RestoreMachineAsync(snapshot, Launch("clone-b"), CancellationToken.None);
            foreach (var clone in new[] { a, b })
            {
                Assert.Null(clone.ExitReason);
                var args = CommandLine(clone.QemuPid);
                Assert.Contains("exec:cat " + Path.Combine(snapshot.Directory, "state.bin"), args);
                Assert.Contains(args, x => x.Contains(Path.Combine(clone.StateDir, "overlay.qcow2"), StringComparison.Ordinal));
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, clone.Ssh.Port);
                Assert.Contains("-incoming", await File.ReadAllTextAsync(Path.Combine(clone.ArtifactDir, "qemu-cmdline.txt")), StringComparison.Ordinal);
            }

            Assert.NotEqual(a.Ssh.Port, b.Ssh.Port);
            Assert.NotEqual(a.StateDir, b.StateDir);

            // A reset boots the clone from its own disks: the same arguments without -incoming.
            await a.ResetAsync(CancellationToken.None);
            Assert.True(await Eventually.TrueAsync(() => a.PowerCycles == 1, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100)), "QEMU was not started again within 60s");
            Assert.DoesNotContain("-incoming", CommandLine(a.QemuPid));
            Assert.Null(a.ExitReason);

            // The image changed: the snapshot no longer matches what the platform boots.
            File.SetLastWriteTimeUtc(image, DateTime.UtcNow.AddMinutes(1));
            await Assert.ThrowsAsync<StaleSnapshotException>(() => platform.RestoreMachineAsync(snapshot, Launch("clone-c"), CancellationToken.None));

            await a.DisposeAsync();
            await b.DisposeAsync();
            Assert.True(Directory.Exists(snapshot.Directory), "the snapshot went away before the platform");
            await platform.DisposeAsync();
            Assert.False(Directory.Exists(snapshot.Directory), "the platform left its snapshot behind");
        }
    }
}
