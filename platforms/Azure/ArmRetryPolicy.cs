using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Polly;

namespace Harness.Platforms.Azure;

/// <summary>Runs the rest of the Azure.Core pipeline under the <see cref="ArmRetry"/> Polly pipeline.</summary>
internal sealed class ArmRetryPolicy(ResiliencePipeline<Response> retry) : HttpPipelinePolicy
{
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        await retry.ExecuteAsync(
            async _ =>
            {
                await ProcessNextAsync(message, pipeline);
                return message.Response;
            },
            message.CancellationToken);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
