using System.Text;
using Harness.Catalog;
using Harness.Serving;
using Harness.Waiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Omaha;

/// <summary>
/// An Omaha 3.0 update server for one test or run, on a <see cref="FileServer"/> (127.0.0.1 only; guests reach it through the
/// platform's host address, e.g. 10.0.2.2 on QEMU). It answers update checks (<c>POST /v1/update/</c>) from its
/// <see cref="OmahaServerOptions"/>, serves the payload bytes (<c>GET /packages/NAME</c>) and records every request
/// and event, so tests assert on what the client did. Start with <see cref="StartAsync"/>, dispose with <c>await using</c>.
/// </summary>
public sealed class OmahaServer : IAsyncDisposable
{
    /// <summary>The path update checks are posted to (<c>SERVER=http://HOST:PORT/v1/update/</c>).</summary>
    public const string UpdatePath = "/v1/update/";

    private const string PackagesPath = "/packages/";
    private const int MaxRequestChars = 1 << 20;

    private readonly FileServer _server;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<OmahaExchange> _exchanges = [];
    private readonly List<string> _downloads = [];
    private OmahaServerOptions _options;

    private OmahaServer(FileServer server, OmahaServerOptions options, ILogger logger)
    {
        _server = server;
        _options = options;
        _logger = logger;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port => _server.Port;

    /// <summary>The options in force.</summary>
    public OmahaServerOptions Options
    {
        get
        {
            lock (_gate)
            {
                return _options;
            }
        }
    }

    /// <summary>Every request received so far, in order (rejected ones included).</summary>
    public IReadOnlyList<OmahaExchange> Exchanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _exchanges];
            }
        }
    }

    /// <summary>Every event reported so far, in order: check reports and progress events.</summary>
    public IReadOnlyList<OmahaEvent> Events => [.. Exchanges.Where(e => e.Request is not null).SelectMany(e => e.Request!.Events)];

    /// <summary>
    /// The events reported in requests of their own (13, 14, 3/1, 3/0 with an error code), in order: what happened to an
    /// update, without the check report every update check carries.
    /// </summary>
    public IReadOnlyList<OmahaEvent> ProgressEvents =>
        [.. Exchanges.Where(e => e.Request is { UpdateCheck: false }).SelectMany(e => e.Request!.Events)];

    /// <summary>
    /// The check reports, in order: the event each update check carries (<c>3/2 previousversion=…</c>, or <c>3/0
    /// errorcode=44</c> after a rollback).
    /// </summary>
    public IReadOnlyList<OmahaEvent> CheckReports =>
        [.. Exchanges.Where(e => e.Request is { UpdateCheck: true }).SelectMany(e => e.Request!.Events)];

    /// <summary>The package names requested so far (one entry per GET of the payload, recorded before its first byte is sent).</summary>
    public IReadOnlyList<string> Downloads
    {
        get
        {
            lock (_gate)
            {
                return [.. _downloads];
            }
        }
    }

    /// <summary>
    /// Verifies the package (file present, size and SHA-256 as declared) and starts listening on 127.0.0.1 on a free port.
    /// </summary>
    /// <exception cref="OmahaConfigurationException">The payload is missing or does not match what the server was told; nothing was started.</exception>
    public static async Task<OmahaServer> StartAsync(
        OmahaServerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = await VerifiedAsync(options, cancellationToken);

        var files = await FileServer.StartAsync(cancellationToken: cancellationToken);
        var omaha = new OmahaServer(files, options, logger ?? NullLogger.Instance);
        files.Map(UpdatePath, omaha.HandleUpdateCheckAsync);
        files.Map(UpdatePath.TrimEnd('/'), omaha.HandleUpdateCheckAsync);
        omaha.MapPackages(null, options);
        var offer = Describe(options);
        OmahaLog.Listening(omaha._logger, omaha.Port, offer);
        return omaha;
    }

    /// <summary>The <c>SERVER=</c> URL for a guest that reaches this host at <paramref name="hostAddress"/>.</summary>
    public Uri UpdateUrl(string hostAddress) => new($"http://{hostAddress}:{Port}{UpdatePath}");

    /// <summary>Changes what the server answers from now on (verifying a new package first).</summary>
    /// <exception cref="OmahaConfigurationException">The new package is missing or does not match; the old options stay.</exception>
    public async Task ReconfigureAsync(OmahaServerOptions newOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newOptions);
        var verified = await VerifiedAsync(newOptions, cancellationToken);
        OmahaServerOptions previous;
        lock (_gate)
        {
            previous = _options;
            _options = verified;
        }

        MapPackages(previous, verified);

        var offer = Describe(verified);
        OmahaLog.Reconfigured(_logger, offer);
    }

    /// <summary>Waits until a client has reported an event matching <paramref name="match"/> (described by <paramref name="what"/>).</summary>
    /// <exception cref="WaitTimeoutException">It did not come in time; the message lists what the server saw.</exception>
    public Task<OmahaEvent> WaitForEventAsync(
        string what, Func<OmahaEvent, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Poll.UntilAsync(
            _ =>
            {
                var found = Events.FirstOrDefault(match);
                return Task.FromResult(found is not null
                    ? ProbeResult.Done(found)
                    : ProbeResult.NotYet<OmahaEvent>("the server saw: " + DescribeExchanges()));
            },
            new PollOptions($"the Omaha server to receive {what}") { Timeout = timeout, Where = $"127.0.0.1:{Port}" },
            cancellationToken);

    /// <summary>Every exchange on one line each, for failure messages.</summary>
    public string DescribeExchanges()
    {
        var all = Exchanges;
        return all.Count == 0 ? "no requests" : string.Join("; ", all);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task<OmahaServerOptions> VerifiedAsync(OmahaServerOptions options, CancellationToken cancellationToken)
    {
        var names = Served(options).Select(p => p.Name).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new OmahaConfigurationException($"package names must be unique, got {string.Join(", ", names)}");
        }

        var extras = new List<OmahaPackage>();
        foreach (var extra in options.ExtraPackages)
        {
            extras.Add(await extra.VerifyAsync(cancellationToken));
        }

        return options with
        {
            Package = options.Package is { } package ? await package.VerifyAsync(cancellationToken) : null,
            ExtraPackages = extras,
        };
    }

    /// <summary>The payload and the extra packages, the payload first.</summary>
    private static IEnumerable<OmahaPackage> Served(OmahaServerOptions options) =>
        options.Package is { } package ? [package, .. options.ExtraPackages] : options.ExtraPackages;

    private static string Describe(OmahaServerOptions options) =>
        options.Package is { } p ? $"{p.Name} {p.Version} ({p.Size} bytes, {options.Offer})" : "no update";

    /// <summary>Serves the current packages at <c>/packages/NAME</c> (and no longer the previous ones).</summary>
    private void MapPackages(OmahaServerOptions? previous, OmahaServerOptions current)
    {
        var names = Served(current).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var old in previous is null ? [] : Served(previous))
        {
            if (!names.Contains(old.Name))
            {
                _server.Remove(PackagesPath + old.Name);
            }
        }

        foreach (var name in names)
        {
            _server.Map(PackagesPath + name, HandleDownloadAsync);
        }
    }

    private async Task HandleUpdateCheckAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        string? body;
        try
        {
            body = await ReadBoundedAsync(context.Request.Body, MaxRequestChars, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            await RejectAsync(context, e.StatusCode, $"rejected: {e.Message}");
            return;
        }

        if (body is null)
        {
            // Not read to its end: the connection closes after the answer, so the rest is never buffered.
            context.Response.Headers.Connection = "close";
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, $"rejected: request body over {MaxRequestChars} characters");
            return;
        }

        OmahaRequest request;
        try
        {
            request = OmahaRequest.Parse(body);
        }
        catch (OmahaProtocolException e)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, $"rejected: {e.Message}");
            return;
        }

        var current = Options;
        string response;
        string answer;
        if (!request.UpdateCheck)
        {
            response = OmahaResponses.EventsOnly(request.AppId, request.Events);
            answer = "events acknowledged";
        }
        else if (WhyNoUpdate(current, request) is { } reason)
        {
            response = OmahaResponses.NoUpdate(request.AppId, request.Events);
            answer = $"noupdate ({reason})";
        }
        else
        {
            var codebase = new Uri($"http://{context.Request.Host}{PackagesPath}");
            response = OmahaResponses.Update(request.AppId, current.Package!, current.ExtraPackages, codebase, request.Events);
            answer = $"update {current.Package!.Version}";
        }

        Record(new OmahaExchange(DateTimeOffset.UtcNow, request, answer));
        context.Response.ContentType = "text/xml; charset=utf-8";
        await context.Response.WriteAsync(response, context.RequestAborted);
    }

    private static string? WhyNoUpdate(OmahaServerOptions options, OmahaRequest request)
    {
        if (options.Package is not { } package)
        {
            return "no payload configured";
        }

        if (!string.Equals(request.AppId, options.AppId, StringComparison.OrdinalIgnoreCase))
        {
            return $"app {request.AppId} is not {options.AppId}";
        }

        if (options.Track is { } track && !string.Equals(request.Track, track, StringComparison.Ordinal))
        {
            return $"group '{request.Track}' is not '{track}'";
        }

        return options.Offer switch
        {
            OmahaOffer.Never => "updates are switched off",
            OmahaOffer.Always => null,
            _ when !DottedVersion.TryParse(request.Version, out var running) => $"client version '{request.Version}' is not a dotted version",
            _ when !DottedVersion.TryParse(package.Version, out var offered) || offered.CompareTo(DottedVersion.Parse(request.Version)) <= 0 =>
                $"client runs {request.Version}, payload is {package.Version}",
            _ => null,
        };
    }

    private async Task HandleDownloadAsync(HttpContext context)
    {
        var current = Options;
        var name = (context.Request.Path.Value ?? "")[PackagesPath.Length..];
        var package = Served(current).FirstOrDefault(p => p.Name == name);
        if (package is null || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // A resumed download asks for the rest (update_engine's libcurl fetcher sets CURLOPT_RANGE): 206 with Content-Range.
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.AcceptRanges = "bytes";
        var (start, end) = (0L, package.Size - 1);
        string? range = context.Request.Headers.Range;
        if (!string.IsNullOrEmpty(range))
        {
            if (ByteRange(range, package.Size) is not { } asked)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                context.Response.Headers.ContentRange = $"bytes */{package.Size}";
                return;
            }

            (start, end) = asked;
            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {start}-{end}/{package.Size}";
        }

        context.Response.ContentLength = end - start + 1;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        lock (_gate)
        {
            _downloads.Add(name);
        }

        var corrupt = current.CorruptPayloadInTransit && package == current.Package;
        var fault = corrupt ? " with one byte flipped (fault injection)" : "";
        OmahaLog.Sending(_logger, name, end - start + 1, fault);
        await using var file = new FileStream(package.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        file.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[1 << 20];
        var corruptAt = corrupt ? package.Size / 2 : -1;
        var offset = start;
        while (offset <= end)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, end - offset + 1)), context.RequestAborted);
            if (read == 0)
            {
                break;
            }

            if (corruptAt >= offset && corruptAt < offset + read)
            {
                buffer[corruptAt - offset] ^= 0xFF;
            }

            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            offset += read;
        }
    }

    /// <summary>
    /// The one byte range of a <c>Range: bytes=START-[END]</c> or <c>bytes=-SUFFIX</c> header within a file of
    /// <paramref name="size"/> bytes, or null when it is not satisfiable (or not a single byte range).
    /// </summary>
    internal static (long Start, long End)? ByteRange(string header, long size)
    {
        const string prefix = "bytes=";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header[prefix.Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var (first, last) = (spec[..dash].Trim(), spec[(dash + 1)..].Trim());
        var style = System.Globalization.NumberStyles.None;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (first.Length == 0)
        {
            return long.TryParse(last, style, culture, out var suffix) && suffix > 0 && size > 0
                ? (Math.Max(0, size - suffix), size - 1)
                : null;
        }

        if (!long.TryParse(first, style, culture, out var start) || start >= size)
        {
            return null;
        }

        if (last.Length == 0)
        {
            return (start, size - 1);
        }

        return long.TryParse(last, style, culture, out var end) && end >= start ? (start, Math.Min(end, size - 1)) : null;
    }

    /// <summary>The body as text, or null when it is longer than <paramref name="limit"/> characters (the rest is left unread).</summary>
    private static async Task<string?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (text.Length + read > limit)
            {
                return null;
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }

    private async Task RejectAsync(HttpContext context, int status, string answer)
    {
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "?";
        OmahaLog.Rejected(_logger, remote, answer);
        Record(new OmahaExchange(DateTimeOffset.UtcNow, null, answer), log: false);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(answer + "\n", context.RequestAborted);
    }

    /// <summary>Keeps <paramref name="exchange"/> for the test; logs it unless the caller logged it already (a rejection: one line each).</summary>
    private void Record(OmahaExchange exchange, bool log = true)
    {
        lock (_gate)
        {
            _exchanges.Add(exchange);
        }

        if (log)
        {
            OmahaLog.Exchange(_logger, exchange);
        }
    }
}
