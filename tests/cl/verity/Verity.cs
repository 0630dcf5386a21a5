using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Machines;
using Harness.Verity;
using Harness.Xunit;

namespace Tests.Cl.Verity;

/// <summary>
/// cl.verity: dm-verity protects /usr — a block changed behind its back on USR-A is detected when read through
/// <c>/dev/mapper/usr</c>, reported on the console, and the read fails (or, with Flatcar's
/// <c>--panic-on-corruption</c>, the kernel panics). The report is read from the live console, so the test needs a
/// platform that streams it (not Azure, which fetches the serial log only at the end).
/// </summary>
public sealed partial class Verity
{
    [OsTest("cl.verity", Requires = PlatformCapabilities.LiveConsole)]
    [AllowConsole("verity-corruption", Reason = "the test corrupts a /usr block on purpose and expects dm-verity to report it")]
    [AllowConsole("io-error", Reason = "reading the corrupted block through dm-verity must fail with an I/O error")]
    [AllowConsole("kernel-panic", Reason = "Flatcar opens /usr with --panic-on-corruption, so detecting the corruption panics the kernel")]
    public async Task Corrupted_usr_block_is_detected_by_dm_verity_when_read()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);

        var status = await vm.VerityStatusAsync("usr");
        Assert.True(status.Status == "verified", $"/usr is not verified before the test touched it:\n{status}");
        var dataDevice = status.DataDevice;
        var blockSize = status.DataBlockBytes;
        var panics = status.Flags.Contains("panic_on_corruption");
        // a block in the middle of the filesystem image (the hash tree sits after the data blocks)
        var block = status.DataBlocks / 2;

        // before: the block reads through verity, and it is the same block of the data device
        var original = await ReadBlockHashAsync(vm, "/dev/mapper/usr", blockSize, block);
        Assert.Equal(original, await ReadBlockHashAsync(vm, dataDevice, blockSize, block));

        // change the block on the partition itself, bypassing dm-verity, and forget every cached copy
        await vm.SucceedAsync(
            $"sudo dd if=/dev/urandom of={dataDevice} bs={blockSize} seek={block} count=1 oflag=direct conv=notrunc,fsync status=none");
        await vm.SucceedAsync("sudo sh -c 'sync && echo 3 > /proc/sys/vm/drop_caches'");
        Assert.NotEqual(original, await ReadBlockHashAsync(vm, dataDevice, blockSize, block));

        // read it through dm-verity; with panic-on-corruption the SSH session dies with the kernel
        var read = await vm.ExecAsync($"sudo dd if=/dev/mapper/usr of=/dev/null bs={blockSize} skip={block} count=1 iflag=direct");

        var detected = await vm.WaitForConsoleAsync(CorruptedBlock(), TimeSpan.FromMinutes(2));
        Assert.Equal(block.ToString(CultureInfo.InvariantCulture), detected.Groups[1].Value);
        if (panics)
        {
            await vm.WaitForConsoleAsync(VerityPanic(), TimeSpan.FromMinutes(1));
        }
        else
        {
            Assert.False(read.Succeeded, $"reading the corrupted block {block} through /dev/mapper/usr succeeded:\n{read.Stdout}{read.Stderr}");
            Assert.Contains("Input/output error", read.Stderr, StringComparison.Ordinal);
        }
    }

    private static async Task<string> ReadBlockHashAsync(Machine vm, string device, long blockSize, long block) =>
        await vm.OutputAsync($"sudo dd if={device} bs={blockSize} skip={block} count=1 iflag=direct status=none | sha256sum");

    [GeneratedRegex(@"device-mapper: verity: \d+:\d+: data block (\d+) is corrupted")]
    private static partial Regex CorruptedBlock();

    [GeneratedRegex(@"Kernel panic - not syncing: dm-verity device corrupted")]
    private static partial Regex VerityPanic();
}
