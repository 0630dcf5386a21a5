namespace Harness.Waiting;

/// <summary>Helpers that shorten and indent guest output for messages.</summary>
public static class TextTail
{
    /// <summary>The last <paramref name="maxLines"/> lines (and at most <paramref name="maxChars"/> characters) of <paramref name="text"/>, with a marker when cut.</summary>
    public static string Last(string text, int maxLines = 20, int maxChars = 4000)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.TrimEnd('\n', '\r').Split('\n');
        var cut = lines.Length > maxLines;
        var kept = string.Join('\n', cut ? lines[^maxLines..] : lines);
        if (kept.Length > maxChars)
        {
            kept = kept[^maxChars..];
            cut = true;
        }

        return cut ? $"[… {lines.Length} lines, last {Math.Min(lines.Length, maxLines)} shown]\n{kept}" : kept;
    }

    /// <summary>Prefixes every line of <paramref name="text"/> with <paramref name="indent"/>.</summary>
    public static string Indent(string text, string indent)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join('\n', text.Split('\n').Select(line => indent + line.TrimEnd('\r')));
    }

    /// <summary>A one-line summary of a command outcome: "exit 3; stdout: …; stderr: …" with each stream's last line.</summary>
    public static string OneLine(int exitCode, string stdout, string stderr)
    {
        var text = $"exit {exitCode}";
        var lastOut = LastLine(stdout);
        var lastErr = LastLine(stderr);
        if (lastOut.Length > 0)
        {
            text += $"; stdout: {lastOut}";
        }

        if (lastErr.Length > 0)
        {
            text += $"; stderr: {lastErr}";
        }

        return text;
    }

    private static string LastLine(string text)
    {
        var trimmed = text.TrimEnd('\n', '\r', ' ');
        var line = trimmed[(trimmed.LastIndexOf('\n') + 1)..].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
