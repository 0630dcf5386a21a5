using Harness.Machines;

namespace Harness.Platforms.Qemu.Tests;

public sealed class QemuSnapshotTests : IDisposable
{
    private readonly TempDir _dir = new("hq-fp");

    public void Dispose() => _dir.Dispose();

    private QemuSetup Setup(bool kvm = false, string version = "7.2.22") => new(
        _dir.WriteBytes("qemu", [1, 2, 3]), version, "/usr/bin/qemu-img", Arch.Amd64, kvm, "reason",
        _dir.WriteBytes("code.fd", [4]), DiskFormat.Raw, _dir.WriteBytes("vars.fd", [5]), DiskFormat.Raw,
        _dir.WriteBytes("disk.img", [6]), DiskFormat.Raw);

    [Fact]
    public void The_fingerprint_is_stable_and_changes_with_the_image_firmware_emulator_and_accelerator()
    {
        var setup = Setup();
        var before = setup.Fingerprint();

        Assert.Equal(before, setup.Fingerprint());
        Assert.NotEqual(before, (setup with { Kvm = true }).Fingerprint());
        Assert.NotEqual(before, (setup with { Version = "8.2.0" }).Fingerprint());

        foreach (var file in new[] { setup.Image, setup.FirmwareCode, setup.FirmwareVars, setup.Binary })
        {
            var original = File.GetLastWriteTimeUtc(file);
            File.SetLastWriteTimeUtc(file, original.AddSeconds(5));
            Assert.NotEqual(before, setup.Fingerprint());
            File.SetLastWriteTimeUtc(file, original);
            Assert.Equal(before, setup.Fingerprint());
        }

        File.AppendAllText(setup.Image, "more");
        File.SetLastWriteTimeUtc(setup.Image, File.GetLastWriteTimeUtc(setup.FirmwareCode));
        Assert.NotEqual(before, setup.Fingerprint());
    }

    [Fact]
    public void A_restore_loads_the_state_through_cat_with_the_path_quoted()
    {
        Assert.Equal(["-incoming", "exec:cat /state/snapshots/s1/state.bin"], QemuCommandLine.Incoming("/state/snapshots/s1/state.bin"));
        Assert.Equal(["-incoming", "exec:cat '/state/my snapshots/it'\\''s/state.bin'"], QemuCommandLine.Incoming("/state/my snapshots/it's/state.bin"));
    }

    [Fact]
    public void A_restored_machines_command_says_where_its_disks_come_from()
    {
        var setup = Setup();
        var layout = new MachineLayout(_dir.File("state/machines/m1"), _dir.File("artifacts"), _dir.File("m1.qmp"));
        var args = QemuCommandLine.Build(setup, layout, "m1", MachineOptions.Default, 2222);

        var booted = QemuCommandLine.Render(setup, layout, args, MachineOptions.Default);
        var restored = QemuCommandLine.Render(setup, layout, [.. args, .. QemuCommandLine.Incoming("/snap/state.bin")], MachineOptions.Default, "/snap");

        Assert.DoesNotContain("resumed a saved template", booted, StringComparison.Ordinal);
        Assert.StartsWith("# This machine resumed a saved template (-incoming) from /snap,", restored, StringComparison.Ordinal);
        Assert.Contains("-incoming 'exec:cat /snap/state.bin'", restored, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlays_on_a_snapshot_disk_name_it_and_its_format_as_backing()
    {
        var setup = Setup();

        Assert.Equal(
            ["/usr/bin/qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", "/snap/disk.qcow2", "-o", "lazy_refcounts=on", "/m1/overlay.qcow2"],
            QemuCommandLine.OverlayCommand(setup, "/snap/disk.qcow2", DiskFormat.Qcow2, "/m1/overlay.qcow2"));
    }
}
