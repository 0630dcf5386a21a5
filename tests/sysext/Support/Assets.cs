namespace Tests.Sysext.Support;

/// <summary>
/// Asset files (Butane configs, raw Ignition configs, guest scripts) live next to the tests and are copied to the
/// output folder; this resolves their paths there, whatever the current directory is.
/// </summary>
public static class Assets
{
    /// <summary>The full path of the asset at <paramref name="relativePath"/> (relative to the project folder).</summary>
    public static string Path(string relativePath) => System.IO.Path.Combine(AppContext.BaseDirectory, relativePath);

    /// <summary>The text of the asset at <paramref name="relativePath"/>.</summary>
    public static Task<string> ReadTextAsync(string relativePath) => File.ReadAllTextAsync(Path(relativePath));

    /// <summary>The bytes of the asset at <paramref name="relativePath"/>.</summary>
    public static Task<byte[]> ReadBytesAsync(string relativePath) => File.ReadAllBytesAsync(Path(relativePath));
}
