using System.Buffers.Binary;
using System.Text;
using Harness.Processes;

namespace Tests.Cl.Support;

/// <summary>One GPT entry of the base image as shipped (before any machine booted from it).</summary>
/// <param name="Number">Partition number (1-based).</param>
/// <param name="Label">GPT partition name (<c>ROOT</c>).</param>
/// <param name="StartBytes">Offset of the first byte.</param>
/// <param name="SizeBytes">Size in bytes.</param>
public sealed record ShippedPartition(int Number, string Label, long StartBytes, long SizeBytes)
{
    /// <summary>Offset just past the last byte.</summary>
    public long EndBytes => StartBytes + SizeBytes;
}

/// <summary>
/// Reads the primary GPT of the base image the machines boot from (<c>HARNESS_IMAGE</c>, qcow2 or raw) on the host,
/// through <c>qemu-img dd</c>, so a test can compare a booted machine with the image it came from.
/// </summary>
public static class ShippedPartitionTable
{
    private const int Sector = 512;

    /// <summary>The non-empty partitions of the image at <paramref name="imagePath"/>.</summary>
    public static async Task<IReadOnlyList<ShippedPartition>> ReadAsync(string imagePath, CancellationToken cancellationToken = default)
    {
        var head = Path.Combine(Path.GetTempPath(), $"cl-gpt-{Guid.NewGuid():N}.raw");
        try
        {
            // LBA 0-33: protective MBR, GPT header, 128 entries of 128 bytes
            var spec = new ProcessSpec("qemu-img", ["dd", "-O", "raw", $"bs={Sector}", "count=34", $"if={imagePath}", $"of={head}"])
            {
                Timeout = TimeSpan.FromSeconds(60),
            };
            var result = await ProcessRunner.Default.RunAsync(spec, cancellationToken);
            if (!result.Succeeded)
            {
                throw new Xunit.Sdk.XunitException($"`{spec.Display}` exited {result.ExitCode}: {result.Stderr.Trim()}");
            }
            return Parse(await File.ReadAllBytesAsync(head, cancellationToken), imagePath);
        }
        finally
        {
            File.Delete(head);
        }
    }

    private static List<ShippedPartition> Parse(byte[] data, string imagePath)
    {
        var header = data.AsSpan(Sector);
        if (data.Length < 34 * Sector || Encoding.ASCII.GetString(header[..8]) != "EFI PART")
        {
            throw new Xunit.Sdk.XunitException($"{imagePath} has no GPT header at LBA 1");
        }
        var entriesLba = BinaryPrimitives.ReadInt64LittleEndian(header[72..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[80..]);
        var size = BinaryPrimitives.ReadInt32LittleEndian(header[84..]);
        var partitions = new List<ShippedPartition>();
        for (var i = 0; i < count; i++)
        {
            var offset = (entriesLba * Sector) + ((long)i * size);
            if (offset + size > data.Length)
            {
                break;
            }
            var entry = data.AsSpan((int)offset, size);
            if (entry[..16].IndexOfAnyExcept((byte)0) < 0)
            {
                continue;
            }
            var first = BinaryPrimitives.ReadInt64LittleEndian(entry[32..]);
            var last = BinaryPrimitives.ReadInt64LittleEndian(entry[40..]);
            var label = Encoding.Unicode.GetString(entry.Slice(56, 72)).TrimEnd('\0');
            partitions.Add(new ShippedPartition(i + 1, label, first * Sector, (last - first + 1) * Sector));
        }
        return partitions;
    }
}
