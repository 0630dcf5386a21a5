namespace Harness.Platforms.Qemu.Tests;

public sealed class DiskImageTests
{
    [Fact]
    public void Qcow2_magic_is_recognised()
    {
        Assert.Equal(DiskFormat.Qcow2, DiskImage.Sniff([0x51, 0x46, 0x49, 0xFB, 0, 0, 0, 3]).Format);
    }

    [Fact]
    public void Gpt_header_and_mbr_signature_mean_raw()
    {
        var gpt = new byte[0x208];
        "EFI PART"u8.CopyTo(gpt.AsSpan(0x200));
        var mbr = new byte[0x200];
        mbr[0x1FE] = 0x55;
        mbr[0x1FF] = 0xAA;

        Assert.Equal((DiskFormat.Raw, "raw (GPT)"), DiskImage.Sniff(gpt));
        Assert.Equal((DiskFormat.Raw, "raw (MBR)"), DiskImage.Sniff(mbr));
    }

    [Fact]
    public void Compressed_images_say_how_to_decompress()
    {
        var (format, detail) = DiskImage.Sniff("BZh91AY&SY"u8);

        Assert.Equal(DiskFormat.Unknown, format);
        Assert.Contains("bunzip2", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_and_empty_files_are_unknown()
    {
        Assert.Equal(DiskFormat.Unknown, DiskImage.Sniff("hello world, not a disk"u8).Format);
        Assert.Equal((DiskFormat.Unknown, "the file is empty"), DiskImage.Sniff([]));
    }
}
