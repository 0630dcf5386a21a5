using System.Text.Json;
using Harness.Results;

namespace Harness.Reports;

/// <summary>One results.json to report on, with the run folder its artifacts are in.</summary>
/// <param name="Document">The results.</param>
/// <param name="RunFolder">The folder holding it (artifacts are relative to it), or null.</param>
public sealed record ResultsSource(ResultsDocument Document, string? RunFolder)
{
    /// <summary>
    /// Reads the given paths: a <c>results.json</c> file, or a folder searched recursively for <c>results.json</c>
    /// (e.g. <c>artifacts/runs</c>; the <c>latest</c> link is not followed twice).
    /// </summary>
    /// <exception cref="IOException">A path does not exist, holds no results.json, or a file is not a results document (message names it).</exception>
    public static IReadOnlyList<ResultsSource> Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                files.Add(full);
            }
            else if (Directory.Exists(full))
            {
                var found = Directory.EnumerateFiles(full, ResultsFiles.Json, new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                    .ToList();
                if (found.Count == 0)
                {
                    throw new IOException($"{path}: no {ResultsFiles.Json} under this folder; pass a run folder or a results.json file");
                }

                files.UnionWith(found);
            }
            else
            {
                throw new IOException($"{path}: no such file or folder; pass results.json files or folders holding them");
            }
        }

        return [.. files.Select(Read)];
    }

    private static ResultsSource Read(string file)
    {
        try
        {
            return new ResultsSource(ResultsJson.Deserialize(File.ReadAllText(file)), Path.GetDirectoryName(file));
        }
        catch (JsonException e)
        {
            throw new IOException($"{file}: not a results.json document ({e.Message}); see docs/results.md", e);
        }
    }
}
