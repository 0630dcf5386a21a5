using System.Globalization;
using System.Text;
using Harness.Machines;

namespace Harness.Platforms.Qemu;

/// <summary>Builds a machine's QEMU arguments and renders them as a re-runnable shell command.</summary>
internal static class QemuCommandLine
{
    /// <summary>
    /// The guest port that <c>networkProbePort</c> forwards to: one where nothing listens (tcpmux), so a guest whose
    /// network is up answers it with a reset (see <see cref="SshEndpoint.NetworkProbePort"/>).
    /// </summary>
    public const int ClosedGuestPort = 1;

    /// <summary>The QEMU arguments (without the binary) for one machine.</summary>
    public static IReadOnlyList<string> Build(
        QemuSetup setup, MachineLayout layout, string name, MachineOptions options, int sshPort, PrivateNic? privateNic = null, int? networkProbePort = null)
    {
        var args = new List<string>
        {
            "-name", Escape(name),
            "-nodefaults", "-no-user-config", "-display", "none",
            // A reset ends QEMU and the harness starts it again (a power cycle): OVMF's warm reset under TCG costs
            // 35-90 s, a cold start 9 s. Outside the harness this command powers off on reboot.
            "-action", "reboot=shutdown",
        };

        AddMachine(args, setup);
        args.AddRange(["-m", Invariant(options.MemoryMiB), "-smp", Invariant(setup.EffectiveCpus(options))]);

        var varsFormat = setup.FirmwareVarsFormat;
        args.AddRange([
            "-drive", $"if=pflash,format={setup.FirmwareCodeFormat.ToQemu()},unit=0,readonly=on,file={Escape(setup.FirmwareCode)}",
            "-drive", $"if=pflash,format={varsFormat.ToQemu()},unit=1,file={Escape(layout.FirmwareVars(varsFormat))}",
        ]);

        // cache=unsafe: the overlay and extra disks are thrown away with the VM, so host flushes buy nothing; guest
        // reboots and resets keep the data (QEMU writes everything out when it exits on a reset).
        args.AddRange([
            "-drive", $"if=none,id=disk0,format=qcow2,cache=unsafe,file={Escape(layout.Overlay)}",
            "-device", "virtio-blk-pci,drive=disk0,serial=primary-disk,bootindex=1",
        ]);
        for (var i = 0; i < options.ExtraDisks.Count; i++)
        {
            var id = "disk" + Invariant(i + 1);
            var serial = options.ExtraDisks[i].Serial is { Length: > 0 } s ? $",serial={Escape(s)}" : "";
            args.AddRange([
                "-drive", $"if=none,id={id},format=qcow2,cache=unsafe,file={Escape(layout.ExtraDisk(i))}",
                "-device", $"virtio-blk-pci,drive={id}{serial}",
            ]);
        }

        args.AddRange([
            "-object", "rng-random,id=rng0,filename=/dev/urandom",
            "-device", "virtio-rng-pci,rng=rng0",
            // romfile= drops the iPXE option ROM: nothing network-boots, and OVMF starts faster without it.
            "-netdev", $"user,id=net0,hostfwd=tcp:127.0.0.1:{Invariant(sshPort)}-:22"
                + (networkProbePort is { } probe ? $",hostfwd=tcp:127.0.0.1:{Invariant(probe)}-:{Invariant(ClosedGuestPort)}" : ""),
            "-device", "virtio-net-pci,netdev=net0,romfile=",
        ]);
        if (privateNic is not null)
        {
            args.AddRange(QemuPrivateNetwork.Arguments(privateNic));
        }

        args.AddRange([
            "-chardev", $"file,id=con0,path={Escape(layout.Console)},append=on",
            "-serial", "chardev:con0",
            // Flatcar's Ignition reads the first name, upstream Ignition (and the contract image) the second.
            "-fw_cfg", $"name=opt/org.flatcar-linux/config,file={Escape(layout.Ignition)}",
            "-fw_cfg", $"name=opt/com.coreos/config,file={Escape(layout.Ignition)}",
            "-qmp", $"unix:{Escape(layout.QmpSocket)},server=on,wait=off",
            "-pidfile", layout.PidFile,
        ]);
        return args;
    }

    /// <summary>
    /// The command as a shell script a user can re-run: comments saying how to recreate the overlay and variables
    /// (deleted with the machine), then the command, one option per line.
    /// </summary>
    public static string Render(QemuSetup setup, MachineLayout layout, IReadOnlyList<string> args, MachineOptions options, string? restoredFrom = null)
    {
        var text = new StringBuilder();
        if (restoredFrom is not null)
        {
            text.Append("# This machine resumed a saved template (-incoming) from ").Append(ShellQuote(restoredFrom)).Append(", which is\n");
            text.Append("# deleted at the end of the run: its disks are overlays on that folder's, not on the image.\n");
        }

        text.Append("# QEMU command of this machine. The overlay, variables copy and extra disks are deleted with the\n");
        text.Append("# machine, and so is the Ignition config passed (ignition.json beside this file is that config with the\n");
        text.Append("# SSH host private key redacted). With -action reboot=shutdown QEMU exits when the guest reboots (the\n");
        text.Append("# harness then starts the same command again); leave it out to reboot in place. To boot it again,\n");
        text.Append("# recreate the deleted files first:\n");
        text.Append("#   mkdir -p ").Append(ShellQuote(layout.StateDir)).Append('\n');
        text.Append("#   ").Append(string.Join(' ', OverlayCommand(setup, layout).Select(ShellQuote))).Append('\n');
        text.Append("#   cp ").Append(ShellQuote(setup.FirmwareVars)).Append(' ')
            .Append(ShellQuote(layout.FirmwareVars(setup.FirmwareVarsFormat))).Append('\n');
        for (var i = 0; i < options.ExtraDisks.Count; i++)
        {
            text.Append("#   ").Append(string.Join(' ', ExtraDiskCommand(setup, layout, i, options.ExtraDisks[i]).Select(ShellQuote))).Append('\n');
        }

        text.Append(ShellQuote(setup.Binary));
        for (var i = 0; i < args.Count; i++)
        {
            text.Append(" \\\n    ").Append(ShellQuote(args[i]));
            if (args[i].StartsWith('-') && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
            {
                text.Append(' ').Append(ShellQuote(args[++i]));
            }
        }

        return text.Append('\n').ToString();
    }

    /// <summary>qemu-img arguments creating the machine's qcow2 overlay over the base image.</summary>
    public static IReadOnlyList<string> OverlayCommand(QemuSetup setup, MachineLayout layout) =>
        OverlayCommand(setup, setup.Image, setup.ImageFormat, layout.Overlay);

    /// <summary>qemu-img arguments creating a qcow2 overlay <paramref name="overlay"/> over <paramref name="backing"/>.</summary>
    public static IReadOnlyList<string> OverlayCommand(QemuSetup setup, string backing, DiskFormat backingFormat, string overlay) =>
        [setup.QemuImg, "create", "-q", "-f", "qcow2", "-F", backingFormat.ToQemu(), "-b", backing, "-o", "lazy_refcounts=on", overlay];

    /// <summary>The arguments that make QEMU load a saved state from <paramref name="stateFile"/> instead of booting.</summary>
    public static IReadOnlyList<string> Incoming(string stateFile) => ["-incoming", "exec:cat " + ShellQuote(stateFile)];

    /// <summary>qemu-img arguments creating extra disk <paramref name="index"/>.</summary>
    public static IReadOnlyList<string> ExtraDiskCommand(QemuSetup setup, MachineLayout layout, int index, DiskSpec disk) =>
        [setup.QemuImg, "create", "-q", "-f", "qcow2", layout.ExtraDisk(index), Invariant(disk.SizeMiB) + "M"];

    /// <summary>Escapes a value inside a QEMU option list (a comma is written twice).</summary>
    public static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);

    /// <summary>Quotes <paramref name="arg"/> for a POSIX shell when it needs it.</summary>
    public static string ShellQuote(string arg)
    {
        if (arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal)))
        {
            return arg;
        }

        return "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// The emulated amd64 CPU: QEMU's qemu64 plus the x86-64-v2 features (SSSE3, SSE4.1, SSE4.2, POPCNT; qemu64 already
    /// has CX16 and LAHF), which some userspace requires. No AVX or AES-NI: with "max" the kernel picked AVX/AES-NI code
    /// paths that TCG emulates slowly (~35% more CPU to SSH-ready). And an AMD vendor, as qemu64 has: with an Intel model
    /// such as Nehalem the kernel believes the CPU is open to Meltdown and turns on page-table isolation, whose address-space
    /// switch on every system call and interrupt flushes TCG's software TLB; an emulated CPU does not speculate, so that
    /// costs time and protects nothing (measured in docs/benchmarks.md). Without SVM, which qemu64 advertises: with it the
    /// guest loads kvm and kvm_amd on every boot (about a second of emulated CPU) for a nested hypervisor nobody uses.
    /// </summary>
    internal const string TcgAmd64Cpu = "qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt,-svm";

    /// <summary>
    /// The emulated arm64 CPU: QEMU's "max" without pointer authentication and SVE. On a Cortex-A57 the guest kernel forces
    /// page-table isolation on whenever KASLR is active ("kernel page table isolation forced ON by KASLR"), unless the CPU
    /// has FEAT_E0PD, which "max" has. Pointer authentication would be emulated at every function entry and exit, and
    /// SVE adds vector state to every context switch. Measured: first boot 97.0 s against 168.0 s on the Cortex-A57
    /// ("max" with pointer authentication: 125.1 s); docs/benchmarks.md.
    /// </summary>
    internal const string TcgArm64Cpu = "max,pauth=off,sve=off";

    private static void AddMachine(List<string> args, QemuSetup setup)
    {
        var accel = setup.Kvm ? "kvm" : "tcg,thread=multi";
        switch (setup.Arch)
        {
            case Arch.Amd64:
                args.AddRange(["-machine", "q35", "-accel", accel, "-cpu", setup.Kvm ? "host" : TcgAmd64Cpu]);
                break;
            case Arch.Arm64:
                args.AddRange(["-machine", "virt,gic-version=3", "-accel", accel, "-cpu", setup.Kvm ? "host" : TcgArm64Cpu]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(setup), setup.Arch, "unknown architecture");
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
