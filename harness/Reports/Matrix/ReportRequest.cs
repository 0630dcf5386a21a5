namespace Harness.Reports;

/// <summary>What <c>harness report</c> was asked to do.</summary>
public sealed record ReportRequest
{
    /// <summary>results.json files or folders holding them.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>Folder for <c>matrix.md</c> and <c>matrix.html</c> (created if missing).</summary>
    public required string OutputFolder { get; init; }

    /// <summary><c>OWNER/REPO#N</c> to post the markdown to, or null.</summary>
    public string? PostPr { get; init; }

    /// <summary>The GitHub token (from GITHUB_TOKEN); required with <see cref="PostPr"/>.</summary>
    public string? Token { get; init; }

    /// <summary>GitHub API base address; null = api.github.com.</summary>
    public Uri? Api { get; init; }
}
