namespace Harness.Platforms.Qemu.Tests;

/// <summary>A temporary folder deleted at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "hqt")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file of <paramref name="size"/> zero bytes with <paramref name="head"/> at the start.</summary>
    public string WriteBytes(string name, ReadOnlySpan<byte> head, int size = 4096)
    {
        var bytes = new byte[Math.Max(size, head.Length)];
        head.CopyTo(bytes);
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A raw disk with an MBR boot signature and nothing bootable on it.</summary>
    public string BlankMbrDisk(string name = "blank.img", int size = 1024 * 1024)
    {
        var path = WriteBytes(name, [], size);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Seek(0x1FE, SeekOrigin.Begin);
        stream.Write([0x55, 0xAA]);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
