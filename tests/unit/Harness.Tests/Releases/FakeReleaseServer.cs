using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Harness.Serving;
using Microsoft.AspNetCore.Http;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Harness.Tests.Releases;

/// <summary>
/// An offline Flatcar release server on 127.0.0.1: <c>&lt;arch&gt;-usr/&lt;version&gt;/&lt;file&gt;</c> with
/// <c>.sig</c> (detached, by a test key) and <c>.DIGESTS</c> (MD5, SHA1 and SHA512 sections as Flatcar's
/// create_digests writes them), <c>&lt;arch&gt;-usr/current/version.txt</c>, <c>lts-info</c>. GET honours
/// <c>Range: bytes=N-</c> (206), HEAD answers headers only; <see cref="Truncate"/> makes the next answers of a path
/// stop early, as a dropped connection does.
/// </summary>
internal sealed class FakeReleaseServer : IAsyncDisposable
{
    private readonly FileServer _server;
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _truncations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, long From)> _ranges = new();

    private FakeReleaseServer(FileServer server) => _server = server;

    public Uri BaseUrl => _server.LocalBaseUri;

    /// <summary>GET requests with a Range header: path and first byte asked for.</summary>
    public IReadOnlyList<(string Path, long From)> RangeRequests => [.. _ranges];

    public static async Task<FakeReleaseServer> StartAsync() => new(await FileServer.StartAsync());

    /// <summary>The number of GET requests for a path.</summary>
    public int Gets(string path) => _server.RequestsFor(path).Count(r => r.Method == "GET");

    /// <summary>Publishes a release folder: each file with its signature by <paramref name="signer"/> made at <paramref name="signedAt"/>, and its DIGESTS.</summary>
    public void Publish(string arch, string version, IReadOnlyDictionary<string, byte[]> files, PgpKeyPair signer, DateTimeOffset signedAt, string stream = "current")
    {
        foreach (var (name, content) in files)
        {
            var path = $"{arch}-usr/{version}/{name}";
            Put(path, content);
            Put(path + ".sig", TestSigningKeys.Sign(signer, content, signedAt));
            Put(path + ".DIGESTS", Encoding.UTF8.GetBytes(Digests(name, content)));
        }

        Put($"{arch}-usr/{stream}/version.txt", Encoding.UTF8.GetBytes($"FLATCAR_BUILD={version.Split('.')[0]}\nFLATCAR_BRANCH={version.Split('.')[1]}\nFLATCAR_PATCH={version.Split('.')[2]}\nFLATCAR_VERSION={version}\nFLATCAR_VERSION_ID={version}\nFLATCAR_BUILD_ID=\"\"\nFLATCAR_SDK_VERSION={version}\n"));
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> (replacing what was there).</summary>
    public void Put(string path, byte[] content)
    {
        var key = "/" + path.TrimStart('/');
        _files[key] = content;
        _server.Map(key, context => ServeAsync(key, context));
    }

    /// <summary>Stops serving a path (404).</summary>
    public void Remove(string path) => _server.Remove("/" + path.TrimStart('/'));

    /// <summary>The next <paramref name="times"/> GETs of <paramref name="path"/> send half of what they announce, then drop the connection.</summary>
    public void Truncate(string path, int times) => _truncations["/" + path.TrimStart('/')] = times;

    /// <summary>A DIGESTS file as Flatcar's ci-automation create_digests writes it.</summary>
#pragma warning disable CA5350, CA5351 // Flatcar's DIGESTS files still carry MD5 and SHA1 lines; only the SHA512 one is checked
    public static string Digests(string name, byte[] content) =>
        $"# MD5 HASH\n{Convert.ToHexStringLower(MD5.HashData(content))}  {name}\n"
        + $"# SHA1 HASH\n{Convert.ToHexStringLower(SHA1.HashData(content))}  {name}\n"
        + $"# SHA512 HASH\n{Convert.ToHexStringLower(SHA512.HashData(content))}  {name}\n";
#pragma warning restore CA5350, CA5351

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(string path, HttpContext context)
    {
        if (!_files.TryGetValue(path, out var content))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var from = 0L;
        if (context.Request.Headers.Range.ToString() is { Length: > 0 } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            from = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            _ranges.Enqueue((path, from));
            if (from >= content.Length)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                context.Response.Headers.ContentRange = $"bytes */{content.Length}";
                return;
            }

            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = content.Length - from;
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return;
        }

        var send = content.AsMemory((int)from);
        if (_truncations.TryGetValue(path, out var left) && left > 0)
        {
            _truncations[path] = left - 1;
            await context.Response.Body.WriteAsync(send[..(send.Length / 2)], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            // Kestrel resets an aborted connection, and a reset discards what the client has not read yet: give the
            // flushed half a moment to be read, as a connection dropped mid-transfer would have delivered it.
            await Task.Delay(200, context.RequestAborted);
            context.Abort();
            return;
        }

        await context.Response.Body.WriteAsync(send, context.RequestAborted);
    }
}
