using System.Text;
using Harness.Artifacts;

namespace Harness.Xunit.Logging;

/// <summary>
/// An append-only text log (<c>harness.log</c>, <c>test.log</c>), written line by line and flushed at once so a crash
/// or a kill loses nothing. Thread-safe; lines written after <see cref="Dispose"/> are dropped.
/// </summary>
internal sealed class LogFile : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SecretScan _secrets = SecretScan.FromEnvironment();
    private StreamWriter? _writer;

    /// <summary>Opens (appends to) <paramref name="path"/>.</summary>
    public LogFile(string path)
    {
        Path = path;
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Appends one line.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            try
            {
                _writer?.WriteLine(_secrets.Redact(line));
            }
            catch (IOException)
            {
                // A full disk must not fail the test that logs; the console and results still say what happened.
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
