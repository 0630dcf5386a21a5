namespace Harness.Platforms.Qemu;

/// <summary>Recognises disk images by their first bytes (cheap: no qemu-img process).</summary>
internal static class DiskImage
{
    private static ReadOnlySpan<byte> Qcow2Magic => [0x51, 0x46, 0x49, 0xFB]; // "QFI\xfb"

    /// <summary>The format of the image at <paramref name="path"/>, and why it is unknown when it is.</summary>
    /// <returns>The format, and for <see cref="DiskFormat.Unknown"/> a short description of what the file looks like.</returns>
    public static (DiskFormat Format, string Detail) Sniff(string path)
    {
        var head = new byte[0x208];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        return Sniff(head.AsSpan(0, read));
    }

    /// <summary>The format of an image whose first bytes are <paramref name="head"/> (at least 0x208 bytes when available).</summary>
    public static (DiskFormat Format, string Detail) Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
        {
            return (DiskFormat.Unknown, "the file is empty");
        }

        if (head.StartsWith(Qcow2Magic))
        {
            return (DiskFormat.Qcow2, "qcow2");
        }

        if (head.Length >= 0x208 && head.Slice(0x200, 8).SequenceEqual("EFI PART"u8))
        {
            return (DiskFormat.Raw, "raw (GPT)");
        }

        if (head.Length >= 0x200 && head[0x1FE] == 0x55 && head[0x1FF] == 0xAA)
        {
            return (DiskFormat.Raw, "raw (MBR)");
        }

        if (head.StartsWith("BZh"u8))
        {
            return (DiskFormat.Unknown, "it is bzip2-compressed: decompress it first (bunzip2 -k)");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return (DiskFormat.Unknown, "it is gzip-compressed: decompress it first (gunzip -k)");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return (DiskFormat.Unknown, "it is xz-compressed: decompress it first (unxz -k)");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return (DiskFormat.Unknown, "it is zstd-compressed: decompress it first (unzstd)");
        }

        return (DiskFormat.Unknown, "no qcow2 header and no MBR/GPT signature");
    }

    /// <summary>The format of a firmware file: qcow2 when it carries the qcow2 magic, raw otherwise.</summary>
    public static DiskFormat FirmwareFormat(string path) =>
        File.Exists(path) && Sniff(path).Format == DiskFormat.Qcow2 ? DiskFormat.Qcow2 : DiskFormat.Raw;

    /// <summary>The value QEMU expects in <c>format=</c>.</summary>
    public static string ToQemu(this DiskFormat format) => format switch
    {
        DiskFormat.Qcow2 => "qcow2",
        DiskFormat.Raw => "raw",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a usable disk format"),
    };
}
