using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;

namespace Harness.Releases;

/// <summary>
/// Downloads over HTTP with bounded retries (Polly): a file goes to a <c>.part</c> path and an interrupted transfer
/// resumes where it stopped (HTTP Range), so nothing is fetched twice. A 404 is an answer, not a failure to retry.
/// </summary>
internal sealed class ReleaseDownloader
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;
    private readonly int _retries;

    public ReleaseDownloader(HttpClient http, int retries, TimeSpan retryDelay, TextWriter log)
    {
        _http = http;
        _retries = retries;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, retries),
                Delay = retryDelay,
                BackoffType = DelayBackoffType.Exponential,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(retries > 0 && IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    log.WriteLine($"retry {args.AttemptNumber + 1}/{retries} in {args.RetryDelay.TotalSeconds:0.#}s: {args.Outcome.Exception?.Message}");
                    return default;
                },
            })
            .Build();
    }

    /// <summary>True when the server has <paramref name="url"/> (HEAD); false on 404.</summary>
    /// <exception cref="ReleaseException">Any other failure, after the retries.</exception>
    public Task<bool> ExistsAsync(Uri url, CancellationToken cancellationToken) =>
        RunAsync(url, async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return response.StatusCode != HttpStatusCode.NotFound && EnsureSuccess(response, url);
        }, cancellationToken);

    /// <summary>A small file's bytes, or null on 404.</summary>
    /// <exception cref="ReleaseException">Any other failure, after the retries.</exception>
    public Task<byte[]?> GetAsync(Uri url, CancellationToken cancellationToken) =>
        RunAsync(url, async ct =>
        {
            using var response = await _http.GetAsync(url, ct);
            return response.StatusCode == HttpStatusCode.NotFound || !EnsureSuccess(response, url)
                ? null
                : await response.Content.ReadAsByteArrayAsync(ct);
        }, cancellationToken);

    /// <summary>Downloads <paramref name="url"/> into <paramref name="part"/>, resuming what it holds; false on 404.</summary>
    /// <exception cref="ReleaseException">The transfer failed or stayed short after the retries.</exception>
    public Task<bool> DownloadAsync(Uri url, string part, CancellationToken cancellationToken) =>
        RunAsync(url, ct => AttemptAsync(url, part, ct), cancellationToken);

    private async Task<bool> AttemptAsync(Uri url, string part, CancellationToken ct)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
        {
            if (response.Content.Headers.ContentRange?.Length == have)
            {
                return true; // the part already holds the whole file
            }

            File.Delete(part);
            throw new TruncatedDownloadException($"{url}: the server cannot resume at byte {have}; starting over");
        }

        EnsureSuccess(response, url);
        long? total;
        FileMode mode;
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != have)
            {
                File.Delete(part);
                throw new TruncatedDownloadException($"{url}: the server resumed at byte {range?.From} instead of {have}; starting over");
            }

            total = range.Length;
            mode = FileMode.Append;
        }
        else
        {
            total = response.Content.Headers.ContentLength;
            mode = FileMode.Create; // a full answer (the server ignored the Range): start the part over
        }

        string? dropped = null;
        await using (var file = new FileStream(part, mode, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[1 << 16];
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer, ct);
                }
                catch (IOException e)
                {
                    dropped = e.Message; // the connection dropped: what arrived stays in the part, the next attempt resumes after it
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), ct); // a write error (disk full) is not a network failure: not caught here
            }
        }

        var got = new FileInfo(part).Length;
        if ((total is { } expected && got != expected) || dropped is not null)
        {
            throw new TruncatedDownloadException($"{url}: download truncated at {got} of {total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} bytes{(dropped is null ? "" : $" ({dropped.TrimEnd('.')})")}");
        }

        return true;
    }

    private async Task<T> RunAsync<T>(Uri url, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(async ct => await attempt(ct), cancellationToken);
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            var message = e is TruncatedDownloadException ? e.Message
                : e.InnerException is { } inner ? $"{url}: {e.Message.TrimEnd('.')} ({inner.Message.TrimEnd('.')})"
                : $"{url}: {e.Message.TrimEnd('.')}";
            throw new ReleaseException($"{message} (after {_retries + 1} attempts)", e);
        }
        catch (HttpRequestException e)
        {
            throw new ReleaseException($"{url}: {e.Message}", e);
        }
    }

    private static bool EnsureSuccess(HttpResponseMessage response, Uri url) =>
        response.IsSuccessStatusCode
            ? true
            : throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);

    private static bool IsTransient(Exception? e, CancellationToken cancellationToken) => e switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } code } => (int)code >= 500 || code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        IOException => true,
        _ => false,
    };
}
