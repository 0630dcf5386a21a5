using Harness.Artifacts;

namespace Harness.Reports;

/// <summary>
/// <c>harness report</c>: merges the inputs into the <see cref="Matrix"/>, writes <c>matrix.md</c> (bounded to
/// GitHub's comment limit) and <c>matrix.html</c> atomically, prints where, and optionally posts the markdown to a PR.
/// Output names files and the PR, never the token.
/// </summary>
public static class ReportRunner
{
    /// <summary>Markdown file name in the output folder.</summary>
    public const string MarkdownFile = "matrix.md";

    /// <summary>HTML file name in the output folder.</summary>
    public const string HtmlFile = "matrix.html";

    /// <summary>Runs the request; returns the matrix.</summary>
    /// <exception cref="IOException">An input is missing or not a results document.</exception>
    /// <exception cref="FormatException">The PR target is malformed, or no token was given for it.</exception>
    /// <exception cref="HttpRequestException">GitHub refused the comment.</exception>
    public static async Task<Matrix> RunAsync(ReportRequest request, TextWriter output, HttpClient? http = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        if (request.PostPr is { } target)
        {
            PullRequestComments.ParseTarget(target); // refuse a bad target before writing anything
            if (string.IsNullOrWhiteSpace(request.Token))
            {
                throw new FormatException("--post-pr needs a token in GITHUB_TOKEN (with write access to the PR's comments)");
            }
        }

        var matrix = Matrix.From(ResultsSource.Load(request.Inputs));
        var secrets = SecretScan.FromEnvironment();
        var markdown = secrets.Redact(MarkdownReport.Render(matrix));
        Directory.CreateDirectory(request.OutputFolder);
        var mdPath = Path.GetFullPath(Path.Combine(request.OutputFolder, MarkdownFile));
        var htmlPath = Path.GetFullPath(Path.Combine(request.OutputFolder, HtmlFile));
        await AtomicFile.WriteAllTextAsync(mdPath, markdown, cancellationToken);
        await AtomicFile.WriteAllTextAsync(htmlPath, secrets.Redact(HtmlReport.Render(matrix)), cancellationToken);
        var counts = matrix.Counts();
        await output.WriteLineAsync($"matrix of {matrix.Tests.Count} tests on {string.Join(", ", matrix.Vendors.Select(v => v.Label(matrix.SpansChannels)))}: {counts[CellStatus.Failed]} failed, {counts[CellStatus.Warn]} warn-only, {counts[CellStatus.Flaky]} flaky, {counts[CellStatus.Passed]} passed, {counts[CellStatus.Skipped]} skipped");
        await output.WriteLineAsync($"markdown: {mdPath}");
        await output.WriteLineAsync($"html: {htmlPath}");

        if (request.PostPr is { } pr)
        {
            var owned = http is null;
            var client = http ?? new HttpClient();
            try
            {
                var (created, url) = await new PullRequestComments(client, request.Token!, request.Api).PostAsync(pr, markdown, cancellationToken);
                await output.WriteLineAsync($"{(created ? "created" : "updated")} the report comment on {pr}: {url}");
            }
            finally
            {
                if (owned)
                {
                    client.Dispose();
                }
            }
        }

        return matrix;
    }
}
