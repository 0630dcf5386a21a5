namespace Harness.Artifacts;

/// <summary>
/// A private folder (mode 0700) for a run's secrets, such as the SSH client key, kept outside the run folder so
/// that reports and uploaded artifacts never contain them. Deleted on dispose unless <see cref="Keep"/> is set
/// (machines kept for debugging still need the key).
/// </summary>
public sealed class SecretsFolder : IDisposable
{
    private SecretsFolder(string path)
    {
        Path = path;
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>When true, <see cref="Dispose"/> leaves the folder in place.</summary>
    public bool Keep { get; set; }

    /// <summary>Creates <c>$TMPDIR/harness-&lt;runId&gt;-XXXXXX/</c>, readable by the current user only.</summary>
    public static SecretsFolder Create(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var dir = Directory.CreateTempSubdirectory($"harness-{ArtifactNames.ForFolder(runId)}-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new SecretsFolder(dir.FullName);
    }

    /// <summary>Deletes the folder and its contents (best effort, never throws) unless <see cref="Keep"/> is set.</summary>
    public void Dispose()
    {
        if (Keep)
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it lives under the temp folder, mode 0700.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
