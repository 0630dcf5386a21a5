using System.Text;
using System.Text.RegularExpressions;
using Harness.Machines;

namespace Harness.Platforms.Qemu;

/// <summary>
/// The serial console QEMU writes into <c>console.txt</c> as it happens. Reads are incremental (only new bytes are
/// decoded) and thread-safe; the file keeps the raw bytes, including the firmware's ANSI escape sequences.
/// </summary>
public sealed partial class QemuConsoleLog : IConsoleLog
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private Decoder _decoder = NewDecoder();
    private long _offset;
    private string? _snapshot;

    /// <summary>Reads the console captured in <paramref name="filePath"/> (which may not exist yet).</summary>
    public QemuConsoleLog(string filePath) => FilePath = filePath;

    /// <inheritdoc />
    public string FilePath { get; }

    /// <inheritdoc />
    public string ReadAll()
    {
        lock (_lock)
        {
            CatchUp();
            return _snapshot ??= _text.ToString();
        }
    }

    /// <summary>
    /// <see cref="ReadAll"/> without ANSI escape sequences (the firmware's screen control), with CR LF as LF and
    /// other control characters except tab removed: easier to match with anchored regular expressions.
    /// </summary>
    public string ReadAllClean() => Clean(ReadAll());

    /// <summary>Removes ANSI/VT100 escape sequences, carriage returns and other control characters except tab and LF.</summary>
    public static string Clean(string text) => ControlSequences().Replace(text, "");

    private void CatchUp()
    {
        FileStream stream;
        try
        {
            stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }

        using (stream)
        {
            if (stream.Length < _offset)
            {
                // The file was recreated (QEMU restarted on another port): start over.
                _text.Clear();
                _decoder = NewDecoder();
                _offset = 0;
                _snapshot = null;
            }

            if (stream.Length == _offset)
            {
                return;
            }

            stream.Seek(_offset, SeekOrigin.Begin);
            var buffer = new byte[64 * 1024];
            var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                var count = _decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                _text.Append(chars, 0, count);
                _offset += read;
            }

            _snapshot = null;
        }
    }

    private static Decoder NewDecoder() => new UTF8Encoding(false, throwOnInvalidBytes: false).GetDecoder();

    // CSI (ESC [ … final), OSC (ESC ] … BEL/ST), two-character escapes, then stray C0 controls other than \t and \n.
    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]|\x1B\][^\x07\x1B]*(?:\x07|\x1B\\)?|\x1B[()#%*+][0-9A-Za-z]|\x1B[@-Z\\-_=>]|[\x00-\x08\x0B-\x1A\x1C-\x1F\x7F]|\x1B", RegexOptions.CultureInvariant)]
    private static partial Regex ControlSequences();
}
