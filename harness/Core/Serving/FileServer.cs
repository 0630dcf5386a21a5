using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Serving;

/// <summary>
/// A small HTTP server for guests: Kestrel bound to 127.0.0.1 on an ephemeral port (never another address), serving
/// registered files, bytes or handlers at exact paths, and recording every request. Guests reach it at
/// <c>http://&lt;IPlatform.HostAddressForGuests&gt;:&lt;Port&gt;/…</c> (QEMU user networking forwards 10.0.2.2:PORT
/// to the host's 127.0.0.1:PORT). Start it with <c>await using var server = await FileServer.StartAsync();</c>.
/// Generic on purpose: update servers can register their own handlers with <see cref="Map"/>.
/// </summary>
public sealed class FileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ServedRequest> _requests = new();
    private readonly TimeProvider _time;
    private readonly ExecutionContext? _startContext = ExecutionContext.Capture();
    private int _disposed;

    private FileServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The server's address on the host, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri LocalBaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Every request answered so far, in arrival order.</summary>
    public IReadOnlyList<ServedRequest> Requests => [.. _requests];

    /// <summary>Starts a server on 127.0.0.1 and an ephemeral port; nothing is registered yet (every path answers 404).</summary>
    /// <param name="loggerFactory">Where request logs go (one debug line per request). Default: nowhere.</param>
    /// <param name="timeProvider">Clock for <see cref="ServedRequest.Time"/>. Default: the system clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FileServer> StartAsync(ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FileServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FileServer(app, timeProvider ?? TimeProvider.System);
        var log = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<FileServer>();
        app.Run(context => server.DispatchAsync(context, log));
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server.Port = new Uri(address).Port;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The URL a guest uses for <paramref name="path"/>: <c>http://HOST:PORT/path</c>.</summary>
    /// <param name="hostAddress">Where guests reach the host (<c>await Session.HostAddressForGuestsAsync()</c>, 10.0.2.2 on QEMU).</param>
    /// <param name="path">The registered path.</param>
    public Uri UrlFor(string hostAddress, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostAddress);
        return new Uri($"http://{hostAddress}:{Port}{Normalize(path)}");
    }

    /// <summary>Serves the host file <paramref name="localPath"/> at <paramref name="path"/> (GET and HEAD; read at request time).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public string ServeFile(string path, string localPath, string contentType = "application/octet-stream")
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var full = Path.GetFullPath(localPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"cannot serve {full} at {path}: no such file", full);
        }
        return Map(path, async context =>
        {
            if (!IsRead(context))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            context.Response.ContentType = contentType;
            context.Response.ContentLength = new FileInfo(full).Length;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await context.Response.SendFileAsync(full, context.RequestAborted);
            }
        });
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> (GET and HEAD).</summary>
    public string ServeBytes(string path, ReadOnlyMemory<byte> content, string contentType = "application/octet-stream") =>
        Map(path, async context =>
        {
            if (!IsRead(context))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            context.Response.ContentType = contentType;
            context.Response.ContentLength = content.Length;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(content, context.RequestAborted);
            }
        });

    /// <summary>Answers requests for exactly <paramref name="path"/> with <paramref name="handler"/> (any method); replaces an earlier registration.</summary>
    /// <returns>The normalized path (leading <c>/</c>).</returns>
    public string Map(string path, RequestDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var key = Normalize(path);
        _routes[key] = handler;
        return key;
    }

    /// <summary>Stops serving <paramref name="path"/> (it answers 404 again).</summary>
    public void Remove(string path) => _routes.TryRemove(Normalize(path), out _);

    /// <summary>The requests for <paramref name="path"/> so far.</summary>
    public IReadOnlyList<ServedRequest> RequestsFor(string path)
    {
        var key = Normalize(path);
        return [.. _requests.Where(r => r.Path == key)];
    }

    /// <summary>Stops listening and releases the port. Idempotent; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(limit.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // stopping is best effort: disposing below closes the listener anyway
        }
        await _app.DisposeAsync();
    }

    /// <summary>
    /// Runs the request in the context the server was started from: Kestrel's threads do not carry the test's
    /// async-local state (its log routing), so handlers' log lines would otherwise miss the test's log.
    /// </summary>
    private Task DispatchAsync(HttpContext context, ILogger log)
    {
        if (_startContext is null)
        {
            return HandleAsync(context, log);
        }

        Task? task = null;
        ExecutionContext.Run(_startContext.CreateCopy(), _ => task = HandleAsync(context, log), null);
        return task!;
    }

    private async Task HandleAsync(HttpContext context, ILogger log)
    {
        var arrived = _time.GetUtcNow();
        var path = context.Request.Path.Value ?? "/";
        if (_routes.TryGetValue(path, out var handler))
        {
            await handler(context);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
        var userAgent = context.Request.Headers.UserAgent.ToString();
        _requests.Enqueue(new ServedRequest(context.Request.Method, path, context.Response.StatusCode, arrived, userAgent.Length == 0 ? null : userAgent));
        ServingLog.Served(log, context.Request.Method, path, context.Response.StatusCode, Port);
    }

    private static bool IsRead(HttpContext context) => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);

    private static string Normalize(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return path.StartsWith('/') ? path : "/" + path;
    }
}
