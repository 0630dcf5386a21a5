using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Tests.Reports;

/// <summary>
/// A fake of GitHub's issue-comment REST endpoints on Kestrel, 127.0.0.1 and a free port: list, create, update.
/// Requires <c>Authorization: Bearer &lt;token&gt;</c> and records every request line.
/// </summary>
internal sealed class FakeGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _nextId = 1000;

    private FakeGitHub(WebApplication app) => _app = app;

    public ConcurrentDictionary<long, string> Comments { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri Api { get; private set; } = null!;

    public static async Task<FakeGitHub> StartAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeGitHub(app);
        app.Use(async (context, next) =>
        {
            fake.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (context.Request.Headers.Authorization != $"Bearer {token}")
            {
                context.Response.StatusCode = 401;
                return;
            }

            await next(context);
        });
        app.MapGet("/repos/{owner}/{repo}/issues/{number:int}/comments", (int number, int? page) =>
            Microsoft.AspNetCore.Http.Results.Json(page is null or 1
                ? fake.Comments.OrderBy(c => c.Key).Select(c => new { id = c.Key, body = c.Value }).ToArray()
                : []));
        app.MapPost("/repos/{owner}/{repo}/issues/{number:int}/comments", async (HttpRequest request, string owner, string repo, int number) =>
        {
            var id = Interlocked.Increment(ref fake._nextId);
            fake.Comments[id] = await BodyAsync(request);
            return Microsoft.AspNetCore.Http.Results.Json(new { id, html_url = $"https://github.test/{owner}/{repo}/pull/{number}#issuecomment-{id}" }, statusCode: 201);
        });
        app.MapMethods("/repos/{owner}/{repo}/issues/comments/{id:long}", ["PATCH"], async (HttpRequest request, string owner, string repo, long id) =>
        {
            if (!fake.Comments.ContainsKey(id))
            {
                return Microsoft.AspNetCore.Http.Results.NotFound();
            }

            fake.Comments[id] = await BodyAsync(request);
            return Microsoft.AspNetCore.Http.Results.Json(new { id, html_url = $"https://github.test/{owner}/{repo}/issues/comments/{id}" });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Api = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task<string> BodyAsync(HttpRequest request)
    {
        var json = await JsonNode.ParseAsync(request.Body);
        return json!["body"]!.GetValue<string>();
    }
}
