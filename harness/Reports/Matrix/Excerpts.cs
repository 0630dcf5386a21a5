using System.Text.RegularExpressions;

namespace Harness.Reports;

/// <summary>
/// The evidence shown under a failure: the lines of <c>console.txt</c>/<c>journal.txt</c> a console-check message
/// points at (<c>(console.txt:123)</c>, a few lines around it), otherwise the tail of the first machine's console.
/// </summary>
public static partial class Excerpts
{
    /// <summary>Lines shown around a referenced line, and in a tail.</summary>
    public const int DefaultLines = 30;

    /// <summary>The excerpt for a failed attempt, or null when its artifacts are not at hand.</summary>
    public static string? For(MatrixAttempt attempt, int lines = DefaultLines)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.ArtifactFolder is not { } folder || !Directory.Exists(folder))
        {
            return null;
        }

        var message = attempt.Result.Message ?? string.Empty;
        foreach (var machine in attempt.Result.Machines)
        {
            var machineFolder = Path.Combine(folder, Artifacts.ArtifactNames.ForFolder(machine));
            foreach (Match m in Reference().Matches(message))
            {
                if (!message[..m.Index].Contains(machine, StringComparison.Ordinal))
                {
                    continue;
                }

                var file = Path.Combine(machineFolder, m.Groups["file"].Value);
                if (File.Exists(file) && int.TryParse(m.Groups["line"].Value, out var line))
                {
                    var all = File.ReadAllLines(file);
                    var from = Math.Max(0, line - 1 - (lines / 2));
                    return Header(machine, m.Groups["file"].Value, from + 1) + string.Join('\n', all.Skip(from).Take(lines));
                }
            }
        }

        foreach (var machine in attempt.Result.Machines)
        {
            var console = Path.Combine(folder, Artifacts.ArtifactNames.ForFolder(machine), "console.txt");
            if (File.Exists(console))
            {
                var all = File.ReadAllLines(console);
                var from = Math.Max(0, all.Length - lines);
                return Header(machine, "console.txt", from + 1) + string.Join('\n', all.Skip(from));
            }
        }

        return null;
    }

    private static string Header(string machine, string file, int from) => $"{machine}/{file} from line {from}:\n";

    [GeneratedRegex(@"\((?<file>console\.txt|journal\.txt):(?<line>\d+)\)")]
    private static partial Regex Reference();
}
