namespace Harness.Platforms.Qemu;

/// <summary>Reads files another process is still writing.</summary>
internal static class SharedFile
{
    /// <summary>The whole text of <paramref name="path"/> (invalid UTF-8 replaced); empty when it cannot be read.</summary>
    public static string ReadAllText(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
