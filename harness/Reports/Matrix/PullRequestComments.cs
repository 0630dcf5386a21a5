using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Harness.Reports;

/// <summary>
/// Creates or updates the harness's one comment on a GitHub pull request through the REST API: the comment is
/// found by <see cref="MarkdownReport.Marker"/> in its body (<c>GET /repos/{o}/{r}/issues/{n}/comments</c>), then
/// updated (<c>PATCH /repos/{o}/{r}/issues/comments/{id}</c>) or created (<c>POST …/issues/{n}/comments</c>).
/// The token is sent only in the Authorization header and never appears in messages.
/// </summary>
public sealed partial class PullRequestComments
{
    /// <summary>GitHub's API address.</summary>
    public static readonly Uri DefaultApi = new("https://api.github.com/");

    private readonly HttpClient _http;
    private readonly Uri _api;

    /// <param name="http">The client to use (its lifetime is the caller's).</param>
    /// <param name="token">A GitHub token (GITHUB_TOKEN).</param>
    /// <param name="api">API base address; default <see cref="DefaultApi"/> (overridable for GitHub Enterprise and tests).</param>
    public PullRequestComments(HttpClient http, string token, Uri? api = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _http = http;
        _api = api ?? DefaultApi;
        Headers = request =>
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("harness-report", "1"));
            request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        };
    }

    private Action<HttpRequestMessage> Headers { get; }

    /// <summary>Parses <c>OWNER/REPO#N</c>.</summary>
    /// <exception cref="FormatException">Not of that shape (message says what is expected).</exception>
    public static (string Owner, string Repo, int Number) ParseTarget(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var m = Target().Match(target);
        return m.Success && int.TryParse(m.Groups[3].Value, out var n) && n > 0
            ? (m.Groups[1].Value, m.Groups[2].Value, n)
            : throw new FormatException($"--post-pr '{target}': expected OWNER/REPO#NUMBER, e.g. flatcar/scripts#1234");
    }

    /// <summary>Creates or updates the comment; returns whether it was created and its address.</summary>
    /// <exception cref="HttpRequestException">GitHub refused (message: method, path, status; never the token).</exception>
    public async Task<(bool Created, string Url)> PostAsync(string target, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (owner, repo, number) = ParseTarget(target);
        var issue = $"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repo)}/issues";
        long? existing = null;
        for (var page = 1; existing is null && page <= 50; page++)
        {
            using var list = await SendAsync(HttpMethod.Get, $"{issue}/{number}/comments?per_page=100&page={page}", null, cancellationToken);
            var comments = await list.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (comments.ValueKind != JsonValueKind.Array || comments.GetArrayLength() == 0)
            {
                break;
            }

            foreach (var comment in comments.EnumerateArray())
            {
                if (comment.TryGetProperty("body", out var text) && text.ValueKind == JsonValueKind.String
                    && text.GetString()!.Contains(MarkdownReport.Marker, StringComparison.Ordinal))
                {
                    existing = comment.GetProperty("id").GetInt64();
                    break;
                }
            }
        }

        using var response = existing is { } id
            ? await SendAsync(HttpMethod.Patch, $"{issue}/comments/{id}", body, cancellationToken)
            : await SendAsync(HttpMethod.Post, $"{issue}/{number}/comments", body, cancellationToken);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var url = created.TryGetProperty("html_url", out var u) ? u.GetString() ?? string.Empty : string.Empty;
        return (existing is null, url);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_api, path));
        Headers(request);
        if (body is not null)
        {
            request.Content = JsonContent.Create(new Dictionary<string, string> { ["body"] = body });
        }

        var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"GitHub {method} /{path.Split('?')[0]} answered {status}; check GITHUB_TOKEN's permissions (pull requests / issues: write) and the PR number");
        }

        return response;
    }

    [GeneratedRegex(@"^([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)#([0-9]+)$")]
    private static partial Regex Target();
}
