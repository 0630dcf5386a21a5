namespace Harness.Artifacts;

/// <summary>
/// The folder of one run, <c>&lt;output&gt;/&lt;run-id&gt;/</c>, with <c>&lt;output&gt;/latest</c> pointing at it.
/// Hands out unique per-test (<c>&lt;run&gt;/&lt;test name&gt;/</c>) and per-machine
/// (<c>&lt;run&gt;/&lt;test&gt;/&lt;machine&gt;/</c>) folders. Thread-safe.
/// </summary>
public sealed class RunFolder
{
    /// <summary>Name of the link to the newest run in the output folder.</summary>
    public const string LatestLinkName = "latest";

    private readonly object _gate = new();
    private readonly HashSet<string> _allocated = new(StringComparer.Ordinal);

    private RunFolder(string outputRoot, string id)
    {
        OutputRoot = outputRoot;
        Id = id;
        Path = System.IO.Path.Combine(outputRoot, id);
    }

    /// <summary>The run id (<c>yyyyMMdd-HHmmss-xxxx</c>).</summary>
    public string Id { get; }

    /// <summary>Absolute path of the run folder.</summary>
    public string Path { get; }

    /// <summary>The folder holding all runs (<c>HARNESS_OUTPUT</c>).</summary>
    public string OutputRoot { get; }

    /// <summary><c>&lt;output&gt;/latest</c>.</summary>
    public string LatestLink => System.IO.Path.Combine(OutputRoot, LatestLinkName);

    /// <summary><c>results.json</c> in the run folder.</summary>
    public string ResultsFile => System.IO.Path.Combine(Path, "results.json");

    /// <summary><c>harness.log</c> in the run folder.</summary>
    public string LogFile => System.IO.Path.Combine(Path, "harness.log");

    /// <summary>
    /// Creates <c>&lt;outputRoot&gt;/&lt;runId&gt;/</c> (it must not exist yet) and atomically repoints
    /// <c>&lt;outputRoot&gt;/latest</c> at it (a relative link, so the tree can be moved or archived).
    /// </summary>
    /// <exception cref="IOException">The folder exists already or cannot be created.</exception>
    public static RunFolder Create(string outputRoot, string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputRoot);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var root = System.IO.Path.GetFullPath(outputRoot);
        Directory.CreateDirectory(root);
        var folder = new RunFolder(root, runId);
        if (Directory.Exists(folder.Path) || File.Exists(folder.Path))
        {
            throw new IOException($"run folder {folder.Path} exists already");
        }

        Directory.CreateDirectory(folder.Path);
        SymbolicLinks.Replace(folder.LatestLink, runId);
        return folder;
    }

    /// <summary>
    /// Creates and returns the folder for a test, <c>&lt;run&gt;/&lt;sanitized name&gt;/</c>; a second request for the
    /// same name in this run (a rerun) gets <c>&lt;name&gt;~2</c>, then <c>~3</c>, …
    /// </summary>
    public string CreateTestFolder(string testName) => CreateUnique(Path, ArtifactNames.ForFolder(testName));

    /// <summary>Creates and returns <c>&lt;testFolder&gt;/&lt;machineName&gt;/</c>, made unique the same way.</summary>
    public string CreateMachineFolder(string testFolder, string machineName)
    {
        ArgumentException.ThrowIfNullOrEmpty(testFolder);
        return CreateUnique(testFolder, ArtifactNames.ForFolder(machineName));
    }

    private string CreateUnique(string parent, string name)
    {
        lock (_gate)
        {
            var candidate = System.IO.Path.Combine(parent, name);
            for (var n = 2; _allocated.Contains(candidate) || Directory.Exists(candidate); n++)
            {
                candidate = System.IO.Path.Combine(parent, $"{name}~{n}");
            }

            _allocated.Add(candidate);
            Directory.CreateDirectory(candidate);
            return candidate;
        }
    }
}
