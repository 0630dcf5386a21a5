using System.Text.RegularExpressions;
using Harness.Machines;
using Harness.Ssh;
using Harness.Xunit;
using Harness.Text;
using Harness.Verity;
using Tests.Cl.Support;

namespace Tests.Cl.Basic;

/// <summary>
/// cl.basic (kola: <c>coretest</c>): a freshly provisioned machine is healthy and honours Flatcar's node contract —
/// systemd reached <c>running</c>, <c>/usr</c> is a read-only dm-verity device, os-release names Flatcar, the first
/// boot initialized the machine id, randomized the disk GUID and grew ROOT, sshd serves the host keys Ignition wrote,
/// and the partition table is Flatcar's. ROOT's growth is measured against the partition table of the image file the
/// machine booted from, so that part runs only where machines boot from <c>HARNESS_IMAGE</c> (not on a cloud image);
/// elsewhere the result notes that it was skipped.
/// </summary>
public sealed partial class Basic
{
    private const string UsrTypeGuid = "5DFBF5F4-2848-4BAC-AA5E-0D9A20B745A6";
    private const string EspTypeGuid = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
    private const string LinuxDataTypeGuid = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
    private const string BiosBootTypeGuid = "21686148-6449-6E6F-744E-656564454649";
    private const string ReservedTypeGuid = "C95DC21A-DF0E-4340-8D7B-26CBFA9A03E0";
    private const string UsrAPartitionUuid = "7130C94A-213A-4E5A-8E26-6CCE9662F132";
    private const string UsrBPartitionUuid = "E03DD35C-7C2D-4A47-B3FE-27F15780A57C";
    private const string ResizeTypeGuid = "3884DD41-8582-4404-B9A8-E9B84F2DF50E";
    private const string ImageDiskGuid = "00000000-0000-0000-0000-000000000001";
    private const string BlankMachineId = "42000000000000000000000000000042";

    [OsTest("cl.basic", FreshBoot = true)]
    public async Task Fresh_machine_runs_cleanly_on_a_verified_read_only_usr_with_its_first_boot_done()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);

        await System_reaches_running_without_failed_units(vm);
        await Usr_is_mounted_read_only_from_the_verity_device(vm);
        await Os_release_names_flatcar_with_version_build_and_sysext_level(vm);
        await Machine_id_was_initialized_on_first_boot(vm);
        await Ssh_host_keys_are_the_ones_ignition_wrote(vm);

        var disk = await vm.ScriptValuesAsync("basic/disk-facts.sh");
        Partition_table_has_flatcars_labels_and_types(disk);
        Usr_a_is_the_prioritized_successful_partition(disk);
        Disk_guid_was_randomized_on_first_boot(disk);
        if (await Session.PlatformAllowsAsync(PlatformCapabilities.ImageFile, "ROOT's growth from the image file's partition table"))
        {
            var shipped = await ShippedPartitionTable.ReadAsync(Session.Settings.ImagePath);
            Root_was_grown_to_the_end_of_the_disk(disk, shipped.Single(p => p.Label == "ROOT"));
        }
    }

    private static async Task System_reaches_running_without_failed_units(Machine vm)
    {
        // --wait blocks until start-up finished, then prints the final state (running or degraded)
        var state = await vm.SystemStateAsync();
        var failed = await vm.OutputAsync("systemctl --failed --no-legend --plain");
        Assert.True(state == "running", $"systemctl is-system-running said '{state}', expected 'running'; failed units:\n{failed}");
        Assert.True(failed.Length == 0, $"systemctl --failed lists units:\n{failed}");
    }

    private static async Task Usr_is_mounted_read_only_from_the_verity_device(Machine vm)
    {
        // Every mount stacked on /usr (Flatcar merges sysexts as a read-only overlay on top of the verity mount).
        var mounts = await vm.MountsAsync("/usr");
        var shown = string.Join("\n", mounts);
        var verityDev = await vm.OutputAsync("readlink -f /dev/mapper/usr");
        var usr = mounts.FirstOrDefault(m => m.Source == "/dev/mapper/usr" || m.Source == verityDev);
        Assert.True(usr is not null, $"no mount of /dev/mapper/usr ({verityDev}) on /usr; mounts on /usr:\n{shown}");
        Assert.True(usr.IsReadOnly, $"/dev/mapper/usr is mounted on /usr without 'ro': {usr}");
        Assert.True(mounts.All(m => m.IsReadOnly), $"a mount on /usr is writable:\n{shown}");

        var write = await vm.ExecAsync("sudo touch /usr/.kola-cl-basic");
        Assert.True(!write.Succeeded && write.Stderr.Contains("Read-only file system", StringComparison.Ordinal),
            $"root writing to /usr should fail with 'Read-only file system'; exit {write.ExitCode}, stderr: {write.Stderr.Trim()}");

        var table = await vm.VerityTableAsync("usr");
        Assert.True(table.Target == "verity" && table.DataDevice is not null, $"dmsetup table usr is not a verity target: {table}");
        var usrA = await vm.OutputAsync("lsblk -dno MAJ:MIN /dev/disk/by-partlabel/USR-A");
        Assert.True(table.DataDevice == usrA, $"the verity data device is {table.DataDevice}, expected USR-A ({usrA}) on a fresh machine: {table}");

        var status = await vm.VerityStatusAsync("usr");
        Assert.True(status.Status == "verified", $"/usr is not verified:\n{status}");
        var cmdline = await vm.SucceedAsync("cat /proc/cmdline");
        var usrHash = UsrHashArgument().Match(cmdline);
        Assert.True(Sha256Hex().IsMatch(status.Find("root hash") ?? "") && usrHash.Success, $"expected a root hash in veritysetup status and verity.usrhash= on the kernel command line;\nstatus:\n{status}\ncmdline: {cmdline}");
        Assert.Equal(usrHash.Groups[1].Value, status.RootHash);
    }

    private static async Task Os_release_names_flatcar_with_version_build_and_sysext_level(Machine vm)
    {
        var osRelease = KeyValues.Parse(await vm.SucceedAsync("cat /etc/os-release"), "/etc/os-release");
        var id = osRelease.Find("ID");
        var idLike = (osRelease.Find("ID_LIKE") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(id == "flatcar" || idLike.Contains("flatcar"), $"/etc/os-release has neither ID=flatcar nor flatcar in ID_LIKE:\n{osRelease}");
        Assert.Matches(@"^\d+\.\d+\.\d+", osRelease["VERSION_ID"]);
        Assert.False(string.IsNullOrWhiteSpace(osRelease["BUILD_ID"]), $"BUILD_ID is empty:\n{osRelease}");
        Assert.Equal("1.0", osRelease["SYSEXT_LEVEL"]);
    }

    private static async Task Machine_id_was_initialized_on_first_boot(Machine vm)
    {
        var machineId = await vm.OutputAsync("cat /etc/machine-id");
        Assert.Matches("^[0-9a-f]{32}$", machineId);
        Assert.NotEqual(BlankMachineId, machineId);
        Assert.Equal(machineId, await vm.OutputAsync("systemd-id128 machine-id"));
    }

    private static async Task Ssh_host_keys_are_the_ones_ignition_wrote(Machine vm)
    {
        // The harness injects a host key of every type sshd serves; a key the guest generated itself would differ.
        Assert.Equal(3, vm.HostPublicKeys.Count);
        var paths = vm.HostPublicKeys.Select(k => k.Type.HostKeyPath() + ".pub").ToList();
        var onGuest = await vm.PublicKeysAsync(paths);
        var injected = vm.HostPublicKeys.Select(k => k.PublicKey).ToList();
        Assert.True(
            onGuest.SequenceEqual(injected),
            $"the host public keys on the machine ({string.Join(", ", paths)}) are not the ones injected through Ignition:\n  on the machine: {string.Join("\n                  ", onGuest)}\n  injected:       {string.Join("\n                  ", injected)}");
    }

    private static void Partition_table_has_flatcars_labels_and_types(KeyValues disk)
    {
        (int Number, string Label, string Type)[] expected =
        [
            (1, "EFI-SYSTEM", EspTypeGuid),
            (2, "BIOS-BOOT", BiosBootTypeGuid),
            (3, "USR-A", UsrTypeGuid),
            (4, "USR-B", UsrTypeGuid),
            (6, "OEM", LinuxDataTypeGuid),
            (7, "OEM-CONFIG", ReservedTypeGuid),
            (9, "ROOT", ResizeTypeGuid),
        ];
        foreach (var (number, label, type) in expected)
        {
            Assert.True(disk.Find($"part.{number}.label") == label,
                $"partition {number} should be labelled {label}; the disk says:\n{disk}");
            Assert.True(string.Equals(disk[$"part.{number}.type"], type, StringComparison.OrdinalIgnoreCase),
                $"partition {number} ({label}) should have type {type}, has {disk[$"part.{number}.type"]}");
        }

        // GRUB picks the kernel by these fixed partition UUIDs (research/flatcar-os.md §1.3)
        Assert.Equal(UsrAPartitionUuid, disk["part.3.uuid"], ignoreCase: true);
        Assert.Equal(UsrBPartitionUuid, disk["part.4.uuid"], ignoreCase: true);
    }

    private static void Usr_a_is_the_prioritized_successful_partition(KeyValues disk)
    {
        var usrA = $"USR-A: priority={disk["part.3.priority"]} successful={disk["part.3.successful"]} tries={disk["part.3.tries"]}";
        var usrB = $"USR-B: priority={disk["part.4.priority"]} successful={disk["part.4.successful"]} tries={disk["part.4.tries"]}";
        Assert.True(disk.Long("part.3.priority") == 1 && disk.Long("part.3.successful") == 1,
            $"a fresh image boots USR-A with priority=1 successful=1; cgpt says {usrA}, {usrB}");
        Assert.True(disk.Long("part.4.priority") < disk.Long("part.3.priority"),
            $"USR-B must rank below USR-A on a fresh image; cgpt says {usrA}, {usrB}");
    }

    private static void Disk_guid_was_randomized_on_first_boot(KeyValues disk)
    {
        var guid = disk["disk.guid"];
        Assert.Matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", guid);
        Assert.False(string.Equals(guid, ImageDiskGuid, StringComparison.OrdinalIgnoreCase),
            $"the disk GUID is still the image's {ImageDiskGuid}: disk-uuid did not randomize it on first boot");
    }

    private static void Root_was_grown_to_the_end_of_the_disk(KeyValues disk, ShippedPartition shippedRoot)
    {
        var sector = disk.Long("disk.sector");
        var diskBytes = disk.Long("disk.bytes");
        var rootStart = disk.Long("part.9.start") * sector;
        var rootBytes = disk.Long("part.9.sectors") * sector;
        var shipped = $"the image ships ROOT at {shippedRoot.StartBytes} with {shippedRoot.SizeBytes} bytes; the machine's disk has {diskBytes} bytes";
        Assert.True(rootStart == shippedRoot.StartBytes, $"ROOT moved to {rootStart}; {shipped}");

        // extend-filesystems grows ROOT to the end of the disk (less than cgpt's 2 MiB alignment and the 33-sector
        // backup GPT stay unused): whatever room the machine's disk had past the shipped ROOT is now ROOT's
        var room = diskBytes - shippedRoot.EndBytes;
        const long slack = 4L * 1024 * 1024;
        Assert.True(rootBytes >= shippedRoot.SizeBytes + room - slack,
            $"ROOT has {rootBytes} bytes and ends {(diskBytes - rootStart - rootBytes) / 1024} KiB before the end of the disk: " +
            $"it was not grown; {shipped}");

        var partBytes = disk.Long("root.part.bytes");
        var fsBytes = disk.Long("root.fs.bytes");
        Assert.True(partBytes == rootBytes, $"the kernel sees ROOT ({disk["root.dev"]}) with {partBytes} bytes, the GPT says {rootBytes}");
        Assert.True(fsBytes >= partBytes - slack,
            $"the {disk["root.fstype"]} filesystem on ROOT has {fsBytes} bytes but its partition {partBytes}: the filesystem was not grown");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    [GeneratedRegex(@"\bverity\.usrhash=([0-9a-f]{64})\b")]
    private static partial Regex UsrHashArgument();
}
