using System.Globalization;
using Harness.Machines;
using Harness.Testing;

namespace Harness.Platforms.Qemu.Tests;

public sealed class QemuCommandLineGoldenTests : IDisposable
{
    private readonly TempDir _state = new("hq-state");
    private readonly TempDir _artifacts = new("hq-artifacts");
    private readonly TempDir _sockets = new("hq-sock");

    public void Dispose()
    {
        _state.Dispose();
        _artifacts.Dispose();
        _sockets.Dispose();
    }

    private static QemuSetup Setup(Arch arch, bool kvm) => arch == Arch.Amd64
        ? new QemuSetup(
            "/usr/bin/qemu-system-x86_64", "7.2.22", "/usr/bin/qemu-img", arch, kvm, "reason",
            "/usr/share/OVMF/OVMF_CODE_4M.fd", DiskFormat.Raw, "/usr/share/OVMF/OVMF_VARS_4M.fd", DiskFormat.Raw,
            "/images/amd64/disk.qcow2", DiskFormat.Qcow2)
        : new QemuSetup(
            "/usr/bin/qemu-system-aarch64", "7.2.22", "/usr/bin/qemu-img", arch, kvm, "reason",
            "/usr/share/AAVMF/AAVMF_CODE.fd", DiskFormat.Raw, "/usr/share/AAVMF/AAVMF_VARS.fd", DiskFormat.Raw,
            "/images/arm64/disk.img", DiskFormat.Raw);

    private string Render(QemuSetup setup, MachineOptions options, string name = "cl-basic-m1")
    {
        var layout = new MachineLayout(_state.File("machines/cl-basic-m1-abc123"), _artifacts.Path, _sockets.File("m1.qmp"));
        var port = FreePort.PickLoopback();
        var probePort = port + 1;
        var args = QemuCommandLine.Build(setup, layout, name, options, port, networkProbePort: probePort);
        var text = QemuCommandLine.Render(setup, layout, args, options);
        return text
            .Replace(_state.Path, "<STATE>", StringComparison.Ordinal)
            .Replace(_artifacts.Path, "<ARTIFACTS>", StringComparison.Ordinal)
            .Replace(_sockets.Path, "<SOCKETS>", StringComparison.Ordinal)
            .Replace($":{port.ToString(CultureInfo.InvariantCulture)}-:", ":<SSH_PORT>-:", StringComparison.Ordinal)
            .Replace($":{probePort.ToString(CultureInfo.InvariantCulture)}-:", ":<PROBE_PORT>-:", StringComparison.Ordinal);
    }

    [Fact]
    public void Amd64_under_tcg_with_extra_disks()
    {
        var options = MachineOptions.Default with { MemoryMiB = 2048, Cpus = 2, ExtraDisks = [new DiskSpec(520, "secondary"), new DiskSpec(64)] };

        GoldenFile.VerifyBeside("qemu-cmdline.amd64-tcg.txt", Render(Setup(Arch.Amd64, kvm: false), options));
    }

    [Fact]
    public void Amd64_under_kvm()
    {
        GoldenFile.VerifyBeside("qemu-cmdline.amd64-kvm.txt", Render(Setup(Arch.Amd64, kvm: true), MachineOptions.Default));
    }

    [Fact]
    public void Arm64_under_tcg()
    {
        GoldenFile.VerifyBeside("qemu-cmdline.arm64-tcg.txt", Render(Setup(Arch.Arm64, kvm: false), MachineOptions.Default));
    }

    [Theory]
    [InlineData(Arch.Arm64, false, 4, 1)] // emulated arm64: one vCPU (two soft-locked in dm-verity I/O)
    [InlineData(Arch.Arm64, true, 4, 4)]
    [InlineData(Arch.Amd64, false, 2, 2)]
    [InlineData(Arch.Amd64, true, 3, 3)]
    public void Virtual_cpus_are_what_the_machine_asked_for_except_for_emulated_arm64(Arch arch, bool kvm, int asked, int expected)
    {
        var options = MachineOptions.Default with { Cpus = asked };
        var args = QemuCommandLine.Build(Setup(arch, kvm), new MachineLayout("/s", "/a", "/tmp/hq-x/m1.qmp"), "m", options, 2222).ToList();

        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), args[args.IndexOf("-smp") + 1]);
    }

    [Fact]
    public void Commas_in_names_and_paths_are_doubled_and_quotes_survive_the_shell()
    {
        var layout = new MachineLayout("/state/m,1", "/art/it's", "/tmp/hq-x/m1.qmp");

        var args = QemuCommandLine.Build(Setup(Arch.Amd64, false), layout, "odd,name", MachineOptions.Default, 2222);
        var text = QemuCommandLine.Render(Setup(Arch.Amd64, false), layout, args, MachineOptions.Default);

        Assert.Contains("odd,,name", args);
        Assert.Contains("if=pflash,format=raw,unit=1,file=/state/m,,1/vars.fd", args);
        Assert.Contains("-chardev 'file,id=con0,path=/art/it'\\''s/console.txt,append=on'", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignition_is_offered_under_both_fw_cfg_names_and_ssh_forwards_only_on_loopback()
    {
        var layout = new MachineLayout("/s", "/a", "/tmp/hq-x/m1.qmp");

        var args = QemuCommandLine.Build(Setup(Arch.Amd64, false), layout, "m", MachineOptions.Default, 2222);

        Assert.Contains("name=opt/org.flatcar-linux/config,file=/s/ignition.json", args);
        Assert.Contains("name=opt/com.coreos/config,file=/s/ignition.json", args);
        Assert.Contains("user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22", args);
    }
}
