using YamlDotNet.Core;

namespace Harness.Ignition;

/// <summary>What a translation reads from: the config's name (for messages) and its files directory.</summary>
internal sealed class ButaneSource(string name, string? filesDir)
{
    public string Name { get; } = name;

    public ButaneException Error(Mark mark, string path, string problem, Exception? inner = null) =>
        new(Name, ToInt(mark.Line), ToInt(mark.Column), path, problem, inner);

    /// <summary>
    /// The bytes of a <c>local</c> file: the scalar's path is resolved against the files directory and
    /// must stay inside it (as Butane's <c>--files-dir</c>).
    /// </summary>
    public byte[] ReadLocal(ButaneValue<string> node)
    {
        var relative = node.Value;
        if (filesDir is null)
        {
            throw node.Fail(this, "local files need a files directory, and none was given");
        }
        if (relative.Length == 0 || Path.IsPathRooted(relative))
        {
            throw node.Fail(this, $"expected a path relative to the files directory, got \"{relative}\"");
        }
        var root = Path.GetFullPath(filesDir);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw node.Fail(this, $"\"{relative}\" is outside the files directory {root}");
        }
        try
        {
            return File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw node.Fail(this, $"cannot read local file {full}: {e.Message}", e);
        }
    }

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
