namespace Harness.Settings;

/// <summary>Finds the repository root: the nearest folder at or above a start folder that holds <c>Harness.sln</c>.</summary>
public static class RepositoryRoot
{
    /// <summary>The marker file.</summary>
    public const string MarkerFile = "Harness.sln";

    /// <summary>Walks up from <paramref name="startDirectory"/>; null when no folder above it holds <see cref="MarkerFile"/>.</summary>
    public static string? Find(string startDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, MarkerFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
