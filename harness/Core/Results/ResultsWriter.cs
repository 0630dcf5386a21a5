using Harness.Artifacts;

namespace Harness.Results;

/// <summary>
/// Keeps <c>results.json</c> of a run up to date: after every recorded test the whole document is rewritten
/// atomically (temporary file + rename), so a reader — or a crash — never sees a half-written file.
/// <see cref="RunInfo.End"/> is the time of the last write; <see cref="Complete"/> stamps the final end. Thread-safe;
/// writes are synchronous (a few KiB) so they also work on process exit.
/// </summary>
public sealed class ResultsWriter
{
    private readonly object gate = new();
    private readonly List<TestResult> tests = [];
    private readonly TimeProvider time;
    private RunInfo run;

    /// <summary>Creates the writer and writes the initial document (no tests yet).</summary>
    public ResultsWriter(string path, RunInfo run, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(run);
        Path = path;
        this.run = run;
        time = timeProvider ?? TimeProvider.System;
        lock (gate)
        {
            Write();
        }
    }

    /// <summary>Where the document is written.</summary>
    public string Path { get; }

    /// <summary>The document as last written.</summary>
    public ResultsDocument Current
    {
        get
        {
            lock (gate)
            {
                return Snapshot();
            }
        }
    }

    /// <summary>Adds one test attempt and rewrites the file.</summary>
    public void Record(TestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (gate)
        {
            tests.Add(result);
            run = run with { End = time.GetUtcNow() };
            Write();
        }
    }

    /// <summary>Replaces run-level facts learnt after the start (e.g. the platform description) and rewrites the file.</summary>
    public void UpdateRun(Func<RunInfo, RunInfo> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (gate)
        {
            run = update(run);
            Write();
        }
    }

    /// <summary>Stamps the run's end time and rewrites the file.</summary>
    public void Complete()
    {
        lock (gate)
        {
            run = run with { End = time.GetUtcNow() };
            Write();
        }
    }

    private void Write() => AtomicFile.WriteAllText(Path, ResultsJson.Serialize(Snapshot()));

    private ResultsDocument Snapshot() => new(run, [.. tests]);
}
