namespace Harness.Sysext;

/// <summary>One file of a system extension: its path inside the image and where its bytes come from.</summary>
/// <param name="Path">The path inside the image, relative to its root (<c>usr/bin/hello</c>); a leading <c>/</c> is dropped.</param>
public sealed record SysextFile(string Path)
{
    /// <summary>The bytes, when declared in C#; otherwise <see cref="SourcePath"/> is read at build time.</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>A host file whose bytes are copied at build time, when <see cref="Content"/> is null.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Permission bits (0755 is <c>0b111_101_101</c>). Default 0644. Files are owned by root in the image.</summary>
    public int Mode { get; init; } = 0b110_100_100;

    /// <summary>The bytes (read from <see cref="SourcePath"/> when not declared).</summary>
    public async Task<byte[]> ReadAsync(CancellationToken cancellationToken = default) =>
        Content is { } bytes ? bytes.ToArray() : await File.ReadAllBytesAsync(SourcePath!, cancellationToken);
}
