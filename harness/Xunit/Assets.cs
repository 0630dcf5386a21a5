namespace Harness.Xunit;

/// <summary>
/// The catalog's asset files (Butane configs, raw Ignition configs, guest scripts, file trees) live next to the tests
/// and are copied to the test project's output folder; this resolves their paths there, whatever the current directory
/// is. Paths are relative to the test project (<c>"basic/disk-facts.sh"</c>).
/// </summary>
public static class Assets
{
    /// <summary>The folder the assets are copied to (the test project's output folder).</summary>
    public static string Folder => AppContext.BaseDirectory;

    /// <summary>The full path of the asset at <paramref name="relativePath"/>.</summary>
    public static string Path(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        return System.IO.Path.Combine(Folder, relativePath);
    }

    /// <summary>The text of the asset at <paramref name="relativePath"/>.</summary>
    public static Task<string> ReadTextAsync(string relativePath, CancellationToken cancellationToken = default) =>
        File.ReadAllTextAsync(Path(relativePath), cancellationToken);

    /// <summary>The bytes of the asset at <paramref name="relativePath"/>.</summary>
    public static Task<byte[]> ReadBytesAsync(string relativePath, CancellationToken cancellationToken = default) =>
        File.ReadAllBytesAsync(Path(relativePath), cancellationToken);
}
