namespace Harness.Platforms.Qemu;

/// <summary>On-disk format of a disk image or firmware file, as QEMU's <c>format=</c> spells it.</summary>
internal enum DiskFormat
{
    /// <summary>Not recognised as a disk image.</summary>
    Unknown,

    /// <summary>QEMU copy-on-write v2/v3 (magic <c>QFI\xfb</c>).</summary>
    Qcow2,

    /// <summary>A raw disk (MBR signature at 0x1FE or GPT header at 0x200), or a raw firmware volume.</summary>
    Raw,
}
