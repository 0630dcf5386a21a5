namespace Harness.Ignition;

/// <summary>
/// A Butane config could not be translated. The message is one line naming the source, the line and column
/// (1-based) and the field path, for example
/// <c>basic.bu:12:7: storage.files[1].mode: expected an integer, got "rw"</c>.
/// </summary>
public sealed class ButaneException : Exception
{
    /// <summary>Creates the exception; the message is assembled from the parts.</summary>
    /// <param name="sourceName">The config's name, usually its file path.</param>
    /// <param name="line">The 1-based line of the offending node.</param>
    /// <param name="column">The 1-based column of the offending node.</param>
    /// <param name="fieldPath">The field path, for example <c>storage.files[1].mode</c>; empty for the document.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public ButaneException(
        string sourceName, int line, int column, string fieldPath, string problem, Exception? inner = null)
        : base(Format(sourceName, line, column, fieldPath, problem), inner)
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        FieldPath = fieldPath;
        Problem = problem;
    }

    /// <summary>The config's name, usually its file path.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line of the offending node.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the offending node.</summary>
    public int Column { get; }

    /// <summary>The field path, for example <c>storage.files[1].mode</c>; empty when about the whole document.</summary>
    public string FieldPath { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }

    private static string Format(string sourceName, int line, int column, string fieldPath, string problem)
    {
        var field = fieldPath.Length == 0 ? "" : fieldPath + ": ";
        return $"{sourceName}:{line}:{column}: {field}{OneLine(problem)}";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
