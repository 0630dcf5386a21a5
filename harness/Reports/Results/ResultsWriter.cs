using Harness.Artifacts;

namespace Harness.Results;

/// <summary>
/// Keeps <c>results.json</c> of a run up to date: after every recorded test the whole document is rewritten
/// atomically (temporary file + rename), so a reader — or a crash — never sees a half-written file. The other
/// formats are written beside it from the same document at the same time (<see cref="ResultsFiles"/>): TAP and
/// JUnit XML are rewritten with it; each recorded attempt adds its allure-results file.
/// <see cref="RunInfo.End"/> is the time of the last write; <see cref="Complete"/> stamps the final end. Thread-safe;
/// writes are synchronous (a few KiB) so they also work on process exit.
/// </summary>
public sealed class ResultsWriter
{
    private readonly object _gate = new();
    private readonly List<TestResult> _tests = [];
    private readonly TimeProvider _time;
    private readonly string _host;
    private RunInfo _run;

    /// <summary>Creates the writer and writes the initial document (no tests yet).</summary>
    /// <param name="path">Where <c>results.json</c> goes; the other formats go into the same folder.</param>
    /// <param name="run">Run-level facts.</param>
    /// <param name="timeProvider">Clock for <see cref="RunInfo.End"/>.</param>
    /// <param name="host">Host name for the allure <c>host</c> label; default: this machine's name.</param>
    public ResultsWriter(string path, RunInfo run, TimeProvider? timeProvider = null, string? host = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(run);
        Path = path;
        _run = run;
        _time = timeProvider ?? TimeProvider.System;
        _host = host ?? Environment.MachineName;
        Folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        lock (_gate)
        {
            Write();
        }
    }

    /// <summary>Where the document is written.</summary>
    public string Path { get; }

    /// <summary>The folder holding <c>results.json</c> and the other formats (the run folder).</summary>
    public string Folder { get; }

    /// <summary>The document as last written.</summary>
    public ResultsDocument Current
    {
        get
        {
            lock (_gate)
            {
                return Snapshot();
            }
        }
    }

    /// <summary>Adds one test attempt and rewrites the file.</summary>
    public void Record(TestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            var earlier = _tests.Where(t => t.Name == result.Name).ToList();
            _tests.Add(result);
            _run = _run with { End = _time.GetUtcNow() };
            Write();
            var allure = System.IO.Path.Combine(Folder, ResultsFiles.AllureFolder);
            AllureResults.WriteEnvironment(allure, _run);
            AllureResults.WriteAttempt(allure, Folder, _run, result, earlier, _host);
        }
    }

    /// <summary>Replaces run-level facts learnt after the start (e.g. the platform description) and rewrites the file.</summary>
    public void UpdateRun(Func<RunInfo, RunInfo> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            _run = update(_run);
            Write();
        }
    }

    /// <summary>Stamps the run's end time and rewrites the file.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _run = _run with { End = _time.GetUtcNow() };
            Write();
        }
    }

    private void Write()
    {
        // Failure messages quote guest output and test text: no secret of the run goes into the results files.
        var document = Snapshot();
        var secrets = SecretScan.FromEnvironment();
        AtomicFile.WriteAllText(Path, secrets.Redact(ResultsJson.Serialize(document)));
        AtomicFile.WriteAllText(System.IO.Path.Combine(Folder, ResultsFiles.Tap), secrets.Redact(TapFormat.Render(document)));
        AtomicFile.WriteAllText(System.IO.Path.Combine(Folder, ResultsFiles.JUnit), secrets.Redact(JUnitFormat.Render(document)));
    }

    private ResultsDocument Snapshot() => new(_run, [.. _tests]);
}
