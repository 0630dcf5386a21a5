using System.Globalization;
using System.Text;

namespace Harness.Reports;

/// <summary>
/// The matrix as markdown for a GitHub PR comment, shaped like Flatcar's release test report: the hidden
/// <see cref="Marker"/>, a summary first, then per test one line per vendor (<c>Succeeded: qemu_uefi-amd64 (1)</c>,
/// the number being the attempt), failures with their diagnostic output in <c>&lt;details&gt;</c>. The text always
/// fits the given limit of characters (GitHub's comment limit by default): it is rendered with less and less
/// detail until it fits — first the details of flakes go, then excerpts shrink, then passed and skipped tests are
/// counted instead of listed, then failure details go — and only as a last resort is the tail cut, with a note.
/// </summary>
public static class MarkdownReport
{
    /// <summary>GitHub's maximum comment length in characters.</summary>
    public const int GitHubLimit = 65_536;

    /// <summary>The hidden marker that identifies the harness's comment on a PR.</summary>
    public const string Marker = "<!-- harness-report -->";

    private static readonly Detail[] Levels =
    [
        new(FlakeDetails: true, ExcerptLines: Excerpts.DefaultLines, MessageChars: 4000, ListPassing: true, MaxFailureDetails: int.MaxValue),
        new(FlakeDetails: false, ExcerptLines: Excerpts.DefaultLines, MessageChars: 4000, ListPassing: true, MaxFailureDetails: int.MaxValue),
        new(FlakeDetails: false, ExcerptLines: 10, MessageChars: 1500, ListPassing: true, MaxFailureDetails: int.MaxValue),
        new(FlakeDetails: false, ExcerptLines: 10, MessageChars: 1500, ListPassing: false, MaxFailureDetails: int.MaxValue),
        new(FlakeDetails: false, ExcerptLines: 5, MessageChars: 500, ListPassing: false, MaxFailureDetails: 50),
        new(FlakeDetails: false, ExcerptLines: 0, MessageChars: 200, ListPassing: false, MaxFailureDetails: 20),
        new(FlakeDetails: false, ExcerptLines: 0, MessageChars: 0, ListPassing: false, MaxFailureDetails: 0),
    ];

    /// <summary>Renders <paramref name="matrix"/> in at most <paramref name="limit"/> characters.</summary>
    public static string Render(Matrix matrix, int limit = GitHubLimit)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1024);
        string text = string.Empty;
        foreach (var level in Levels)
        {
            text = Render(matrix, level);
            if (text.Length <= limit)
            {
                return text;
            }
        }

        var note = $"\n\n… report cut at {limit} characters ({text.Length - limit} more); the HTML report has everything.\n";
        var cut = text.LastIndexOf('\n', limit - note.Length);
        return text[..Math.Max(0, cut)] + note;
    }

    private static string Render(Matrix matrix, Detail detail)
    {
        var md = new StringBuilder();
        var counts = matrix.Counts();
        var vendors = string.Join(", ", matrix.Vendors.Select(v => v.Label(matrix.SpansChannels)));
        md.Append(Marker).Append('\n');
        md.Append(CultureInfo.InvariantCulture, $"### Test report for {string.Join(", ", matrix.Versions)} / {string.Join(", ", matrix.Arches)}\n\n");
        md.Append(matrix.Ok ? "**✅ no test failed**" : $"**❌ {counts[CellStatus.Failed]} test(s) failed**");
        md.Append(CultureInfo.InvariantCulture, $" — {matrix.Tests.Count} tests: {counts[CellStatus.Failed]} failed · {counts[CellStatus.Warn]} warn-only · {counts[CellStatus.Flaky]} flaky · {counts[CellStatus.Passed]} passed · {counts[CellStatus.Skipped]} skipped\n\n");
        md.Append(CultureInfo.InvariantCulture, $"**Platforms tested**: {vendors}\n");

        var detailsLeft = detail.MaxFailureDetails;
        foreach (var status in Enum.GetValues<CellStatus>())
        {
            var rows = matrix.Tests.Where(t => t.Status == status).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            md.Append(CultureInfo.InvariantCulture, $"\n#### {Icon(status)} {Title(status)} ({rows.Count})\n\n");
            if (!detail.ListPassing && status is CellStatus.Passed or CellStatus.Skipped)
            {
                md.Append(CultureInfo.InvariantCulture, $"{rows.Count} {Title(status).ToLowerInvariant()} tests, not listed to fit GitHub's comment limit.\n");
                continue;
            }

            foreach (var test in rows)
            {
                md.Append(CultureInfo.InvariantCulture, $"{Icon(test.Status)} {(test.Status is CellStatus.Failed ? "not ok" : "ok")} **{test.Name}**\n");
                foreach (var cell in test.Cells)
                {
                    md.Append("- ").Append(CellLine(cell, matrix.SpansChannels)).Append('\n');
                }

                var wantsDetails = status is CellStatus.Failed or CellStatus.Warn || (status is CellStatus.Flaky && detail.FlakeDetails);
                if (!wantsDetails)
                {
                    continue;
                }

                foreach (var cell in test.Cells)
                {
                    var failure = cell.Failures.LastOrDefault();
                    if (failure is null || detailsLeft <= 0)
                    {
                        continue;
                    }

                    detailsLeft--;
                    AppendDetails(md, cell, failure, detail, matrix.SpansChannels);
                }
            }
        }

        return md.ToString();
    }

    private static string CellLine(MatrixCell cell, bool withChannel)
    {
        var vendor = cell.Vendor.Label(withChannel);
        var parts = new List<string>();
        if (cell.Passed.Any())
        {
            parts.Add($"Succeeded: {vendor} ({string.Join(", ", cell.Passed)})");
        }

        if (cell.Failures.Any())
        {
            parts.Add($"{(cell.Status == CellStatus.Warn ? "Failed (warn-only)" : "Failed")}: {vendor} ({string.Join(", ", cell.Failures.Select(a => a.Number))})");
        }

        if (parts.Count == 0)
        {
            parts.Add($"Skipped: {vendor} — {OneLine(cell.SkipReason ?? "skipped", 200)}");
        }

        if (cell.Tracker is { } tracker)
        {
            parts.Add($"tracked in {tracker}");
        }

        return $"{Icon(cell.Status)} {string.Join("; ", parts)}";
    }

    private static void AppendDetails(StringBuilder md, MatrixCell cell, MatrixAttempt failure, Detail detail, bool withChannel)
    {
        md.Append(CultureInfo.InvariantCulture, $"<details><summary>Diagnostic output for {cell.Vendor.Label(withChannel)}, run {failure.Number}</summary>\n\n~~~~text\n");
        var message = failure.Result.Message ?? "failed";
        md.Append(Fenced(message.Length > detail.MessageChars ? message[..detail.MessageChars] + " …" : message)).Append('\n');
        if (detail.ExcerptLines > 0 && Excerpts.For(failure, detail.ExcerptLines) is { } excerpt)
        {
            md.Append('\n').Append(Fenced(excerpt)).Append('\n');
        }

        md.Append("~~~~\n\n</details>\n\n");
    }

    private static string Fenced(string text) => text.ReplaceLineEndings("\n").Replace("~~~~", "~ ~ ~ ~", StringComparison.Ordinal);

    private static string OneLine(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > max ? line[..max] + " …" : line;
    }

    /// <summary>The emoji Flatcar's report uses (🟢 ok, ❌ not ok), plus ours for warn, flaky and skipped.</summary>
    public static string Icon(CellStatus status) => status switch
    {
        CellStatus.Failed => "❌",
        CellStatus.Warn => "⚠️",
        CellStatus.Flaky => "🟡",
        CellStatus.Passed => "🟢",
        _ => "⏭️",
    };

    /// <summary>Section title of a status.</summary>
    public static string Title(CellStatus status) => status switch
    {
        CellStatus.Failed => "Failed",
        CellStatus.Warn => "Failed, warn-only",
        CellStatus.Flaky => "Flaky",
        CellStatus.Passed => "Passed",
        _ => "Skipped",
    };

    private sealed record Detail(bool FlakeDetails, int ExcerptLines, int MessageChars, bool ListPassing, int MaxFailureDetails);
}
