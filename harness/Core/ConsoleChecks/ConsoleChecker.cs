using System.Text.RegularExpressions;

namespace Harness.ConsoleChecks;

/// <summary>
/// Scans console and journal text for signs of a broken OS (kola's console checks, kola.md §3.4) and spots the
/// crash patterns that end a wait early.
/// </summary>
public static partial class ConsoleChecker
{
    /// <summary>The <c>console</c> source name.</summary>
    public const string ConsoleSource = "console";

    /// <summary>The <c>journal</c> source name.</summary>
    public const string JournalSource = "journal";

    private const int MaxFindingsPerCheck = 50;
    private const int MaxLineLength = 500;

    /// <summary>All checks, in reporting order.</summary>
    public static IReadOnlyList<ConsoleCheck> Checks => ConsoleCheckCatalog.All;

    /// <summary>Ids of the checks that mean the machine is dead or stuck: a wait stops as soon as one matches.</summary>
    public static IReadOnlyList<string> CrashCheckIds { get; } = [ConsoleCheckCatalog.KernelPanic, ConsoleCheckCatalog.EmergencyMode];

    /// <summary>
    /// Every line of <paramref name="text"/> that matches a check not opted out, in line order
    /// (at most 50 findings per check).
    /// </summary>
    /// <param name="text">Console or journal text.</param>
    /// <param name="source"><see cref="ConsoleSource"/> or <see cref="JournalSource"/>.</param>
    /// <param name="machine">Machine name for the findings.</param>
    /// <param name="optOuts">Checks the test allows; their matches are not reported.</param>
    /// <exception cref="ArgumentException">An opt-out names an unknown check id.</exception>
    public static IReadOnlyList<ConsoleFinding> Scan(
        string text,
        string source,
        string machine,
        IEnumerable<ConsoleCheckOptOut>? optOuts = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var optOut in optOuts ?? [])
        {
            if (!ConsoleCheckCatalog.All.Any(c => c.Id == optOut.CheckId))
            {
                throw new ArgumentException(
                    $"unknown console check id '{optOut.CheckId}' (known: {string.Join(", ", ConsoleCheckCatalog.All.Select(c => c.Id))})",
                    nameof(optOuts));
            }

            allowed.Add(optOut.CheckId);
        }

        var checks = ConsoleCheckCatalog.All.Where(c => !allowed.Contains(c.Id)).ToList();
        return ScanLines(text, 0, source, machine, checks);
    }

    /// <summary>
    /// The first crash pattern (<see cref="CrashCheckIds"/>) in <paramref name="text"/> from <paramref name="startIndex"/>
    /// on, or null. Line numbers count from the start of <paramref name="text"/>.
    /// </summary>
    /// <param name="text">Console text.</param>
    /// <param name="machine">Machine name for the finding.</param>
    /// <param name="startIndex">Where to start (the start of a line).</param>
    /// <param name="optOuts">Crash checks the test allows are not looked for.</param>
    public static ConsoleFinding? FindCrash(
        string text,
        string machine,
        int startIndex = 0,
        IEnumerable<ConsoleCheckOptOut>? optOuts = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var allowed = (optOuts ?? []).Select(o => o.CheckId).ToHashSet(StringComparer.Ordinal);
        var crashChecks = ConsoleCheckCatalog.All.Where(c => CrashCheckIds.Contains(c.Id) && !allowed.Contains(c.Id)).ToList();
        return ScanLines(text, Math.Clamp(startIndex, 0, text.Length), ConsoleSource, machine, crashChecks, firstOnly: true)
            .FirstOrDefault();
    }

    /// <summary>Removes ANSI escape sequences (systemd's coloured <c>[FAILED]</c>) and carriage returns.</summary>
    public static string Clean(string line) => AnsiEscape().Replace(line, "").Replace("\r", "", StringComparison.Ordinal);

    private static List<ConsoleFinding> ScanLines(
        string text,
        int startIndex,
        string source,
        string machine,
        IReadOnlyList<ConsoleCheck> checks,
        bool firstOnly = false)
    {
        var findings = new List<ConsoleFinding>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = CountLines(text, startIndex);
        var position = startIndex;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            if (end < 0)
            {
                end = text.Length;
            }

            lineNumber++;
            var line = Clean(text[position..end]);
            position = end + 1;
            foreach (var check in checks)
            {
                var match = check.Pattern.Match(line);
                if (!match.Success || (check.SkipLineIf?.IsMatch(line) ?? false))
                {
                    continue;
                }

                var count = counts.GetValueOrDefault(check.Id);
                if (count >= MaxFindingsPerCheck)
                {
                    continue;
                }

                counts[check.Id] = count + 1;
                var detail = match.Groups.Cast<Group>().Skip(1).FirstOrDefault(g => g.Success)?.Value.Trim();
                var shown = line.Length > MaxLineLength ? line[..MaxLineLength] + "…" : line;
                findings.Add(new ConsoleFinding(check.Id, check.Description, machine, source, lineNumber, shown, detail));
                if (firstOnly)
                {
                    return findings;
                }
            }
        }

        return findings;
    }

    private static int CountLines(string text, int endIndex)
    {
        var count = 0;
        for (var i = 0; i < endIndex; i++)
        {
            if (text[i] == '\n')
            {
                count++;
            }
        }

        return count;
    }

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]")]
    private static partial Regex AnsiEscape();
}
