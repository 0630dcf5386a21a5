using Harness.Reports;
using Harness.Results;

namespace Harness.Tests.Reports;

/// <summary><c>harness report --post-pr</c> against a fake GitHub on 127.0.0.1: create, then update the same comment; the token never shows.</summary>
public sealed class PostPrTests : IDisposable
{
    private const string Token = "ghp_FAKE0123456789secretTOKENvalue";
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-postpr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Creates_the_comment_once_then_updates_it_and_never_prints_the_token()
    {
        await using var github = await FakeGitHub.StartAsync(Token);
        github.Comments[1] = "an unrelated human comment";
        var results = WriteRun("amd64");
        using var http = new HttpClient();
        var output = new StringWriter();
        var request = new ReportRequest { Inputs = [results], OutputFolder = Path.Combine(_dir, "report"), PostPr = "flatcar/scripts#1234", Token = Token, Api = github.Api };

        await ReportRunner.RunAsync(request, output, http);
        Assert.Equal(2, github.Comments.Count);
        var ours = github.Comments.Single(c => c.Value.StartsWith(MarkdownReport.Marker, StringComparison.Ordinal)).Key;
        Assert.Contains("created the report comment on flatcar/scripts#1234", output.ToString(), StringComparison.Ordinal);

        WriteRun("arm64");
        await ReportRunner.RunAsync(request with { Inputs = [_dir] }, output, http);
        Assert.Equal(2, github.Comments.Count); // updated, not added
        Assert.Contains("qemu_uefi-arm64", github.Comments[ours], StringComparison.Ordinal);
        Assert.Equal("an unrelated human comment", github.Comments[1]);
        Assert.Contains($"PATCH /repos/flatcar/scripts/issues/comments/{ours}", github.Requests);
        Assert.Contains("updated the report comment", output.ToString(), StringComparison.Ordinal);

        Assert.DoesNotContain(Token, output.ToString(), StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(_dir, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Token, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_refused_request_names_the_endpoint_and_status_but_not_the_token()
    {
        await using var github = await FakeGitHub.StartAsync("another-token");
        using var http = new HttpClient();
        var request = new ReportRequest { Inputs = [WriteRun("amd64")], OutputFolder = Path.Combine(_dir, "report"), PostPr = "flatcar/scripts#7", Token = Token, Api = github.Api };

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => ReportRunner.RunAsync(request, TextWriter.Null, http));

        Assert.StartsWith("GitHub GET /repos/flatcar/scripts/issues/7/comments answered 401", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flatcar/scripts", null, "--post-pr 'flatcar/scripts': expected OWNER/REPO#NUMBER")]
    [InlineData("flatcar/scripts#12", null, "--post-pr needs a token in GITHUB_TOKEN")]
    public async Task Bad_targets_and_missing_tokens_are_refused_before_anything_is_written(string target, string? token, string expected)
    {
        var output = Path.Combine(_dir, "report");
        var request = new ReportRequest { Inputs = [WriteRun("amd64")], OutputFolder = output, PostPr = target, Token = token };

        var e = await Assert.ThrowsAsync<FormatException>(() => ReportRunner.RunAsync(request, TextWriter.Null));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    private string WriteRun(string arch)
    {
        var folder = Path.Combine(_dir, "runs", arch);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "results.json");
        File.WriteAllText(path, ResultsJson.Serialize(new ResultsDocument(ReportSamples.Run(arch), [new TestResult("cl.basic", TestStatus.Passed, 1, 1000, null, [])])));
        return path;
    }
}
