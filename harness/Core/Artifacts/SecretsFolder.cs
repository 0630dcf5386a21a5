namespace Harness.Artifacts;

/// <summary>
/// A private folder (mode 0700) for a run's secrets, such as the SSH client key, kept outside the run folder so
/// that reports and uploaded artifacts never contain them. Deleted on dispose unless <see cref="Keep"/> is set
/// (machines kept for debugging still need the key).
/// </summary>
public sealed class SecretsFolder : IDisposable
{
    private const string Prefix = "harness-";

    private SecretsFolder(string path)
    {
        Path = path;
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>When true, <see cref="Dispose"/> leaves the folder in place.</summary>
    public bool Keep { get; set; }

    /// <summary>
    /// Creates <c>$TMPDIR/harness-&lt;runId&gt;-p&lt;pid&gt;-XXXXXX/</c>, readable by the current user only. First sweeps
    /// the secrets folders of runs whose process is gone (killed before it could clean up).
    /// </summary>
    public static SecretsFolder Create(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        SweepStale(System.IO.Path.GetTempPath(), pid => File.Exists($"/proc/{pid}/stat"));
        var dir = Directory.CreateTempSubdirectory($"{Prefix}{ArtifactNames.ForFolder(runId)}-p{Environment.ProcessId}-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new SecretsFolder(dir.FullName);
    }

    /// <summary>
    /// Deletes the secrets folders in <paramref name="tempRoot"/> (<c>harness-&lt;run-id&gt;-p&lt;pid&gt;-*</c>) whose
    /// process <paramref name="isAlive"/> says is gone. Best effort; returns how many were deleted.
    /// </summary>
    public static int SweepStale(string tempRoot, Func<int, bool> isAlive)
    {
        ArgumentNullException.ThrowIfNull(isAlive);
        var deleted = 0;
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(tempRoot, Prefix + "*"))
            {
                if (OwnerPid(System.IO.Path.GetFileName(dir)) is { } pid && !isAlive(pid) && TryDelete(dir))
                {
                    deleted++;
                }
            }
        }
        catch (IOException)
        {
            // The temp folder is shared; whatever we cannot list we leave.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }

        return deleted;
    }

    /// <summary>Deletes the folder and its contents (best effort, never throws) unless <see cref="Keep"/> is set.</summary>
    public void Dispose()
    {
        if (Keep)
        {
            return;
        }

        TryDelete(Path);
    }

    /// <summary>The pid in <c>harness-&lt;run-id&gt;-p&lt;pid&gt;-XXXXXX</c>, or null for other names.</summary>
    internal static int? OwnerPid(string name)
    {
        var parts = name.Split('-');
        return parts.Length >= 6 && parts[0] + "-" == Prefix && RunId.IsValid(string.Join('-', parts[1..4]))
            && parts[4].StartsWith('p') && int.TryParse(parts[4][1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
    }

    private static bool TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
            return true;
        }
        catch (IOException)
        {
            // Best effort: it lives under the temp folder, mode 0700.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
            return false;
        }
    }
}
