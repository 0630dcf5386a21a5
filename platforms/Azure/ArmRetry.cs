using System.Globalization;
using Azure;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Harness.Platforms.Azure;

/// <summary>
/// The one retry layer for ARM requests: a Polly pipeline run inside the Azure.Core HTTP pipeline, while Azure.Core's own
/// retry policy is switched off (<c>Retry.MaxRetries = 0</c>), so nothing retries twice. A request answered 408, 429
/// or 5xx (other than 501/505), or not answered at all, is sent again up to <see cref="AzureOptions.MaxRetries"/>
/// times; the wait is the answer's <c>Retry-After</c> (seconds or an HTTP date; <c>retry-after-ms</c> and
/// <c>x-ms-retry-after-ms</c> too), capped at <see cref="AzureOptions.MaxRetryDelay"/>, else a jittered exponential
/// backoff. Long-running operations are polled by Azure.Core; each poll is one request and retried the same way.
/// </summary>
internal static class ArmRetry
{
    /// <summary>Builds the pipeline; delays use <see cref="AzureOptions.Time"/> (a fake clock in tests).</summary>
    public static ResiliencePipeline<Response> Pipeline(AzureOptions options, ILogger logger) =>
        new ResiliencePipelineBuilder<Response> { TimeProvider = options.Time }
            .AddRetry(new RetryStrategyOptions<Response>
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsTransient(args.Outcome)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response && ServerDelay(response) is { } server
                        ? (TimeSpan?)(server > options.MaxRetryDelay ? options.MaxRetryDelay : server)
                        : null),
                OnRetry = args =>
                {
                    var what = args.Outcome.Result is { } r
                        ? r.Status.ToString(CultureInfo.InvariantCulture)
                        : args.Outcome.Exception?.GetType().Name ?? "no answer";
                    Log.ArmRetry(logger, what, args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>True for answers worth sending again: 408, 429, 5xx except 501/505, and transport failures.</summary>
    public static bool IsTransient(Outcome<Response> outcome) => outcome switch
    {
        { Exception: RequestFailedException { Status: 0 } } => true,
        { Exception: HttpRequestException or IOException } => true,
        { Result: { } r } => r.Status is 408 or 429 or (>= 500 and not 501 and not 505),
        _ => false,
    };

    /// <summary>The delay the server asked for, if any.</summary>
    public static TimeSpan? ServerDelay(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var header in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
        {
            if (response.Headers.TryGetValue(header, out var ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var msValue) && msValue >= 0)
            {
                return TimeSpan.FromMilliseconds(msValue);
            }
        }

        if (response.Headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                && response.Headers.Date is { } now)
            {
                var delay = when - now;
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        return null;
    }
}
