using Harness.Failures;
using Harness.Machines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Platforms.Azure;

/// <summary>
/// Deletes resource groups leaked by dead runs (<c>harness gc --older-than 6h</c>). Only groups tagged
/// <c>created-by=harness</c> are considered (the listing filters on the tag, and the tag is checked again), and of
/// those only expired ones are deleted: <c>expires-at</c> has passed, or <c>created-at</c> is older than the limit.
/// A group without a readable <c>created-at</c> is kept.
/// </summary>
public sealed class AzureGarbageCollector : IDisposable
{
    private readonly AzureOptions _options;
    private readonly AzureArm _arm;
    private readonly ILogger _logger;

    /// <summary>Validates <paramref name="options"/>; connects lazily.</summary>
    /// <exception cref="AzureSettingsException">A setting is wrong.</exception>
    public AzureGarbageCollector(AzureOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Harness.Platforms.Azure");
        _arm = new AzureArm(options, _logger);
    }

    /// <summary>
    /// Deletes the expired groups; returns one line per group looked at ("deleted harness-… (created … ago)" or
    /// "kept …"). A failed deletion is reported in its line and the others still go.
    /// </summary>
    /// <exception cref="InfrastructureException">The groups could not be listed.</exception>
    public async Task<IReadOnlyList<string>> CollectAsync(TimeSpan olderThan, bool dryRun, CancellationToken cancellationToken)
    {
        var now = _options.Time.GetUtcNow();
        var lines = new List<string>();
        foreach (var group in await _arm.ListResourceGroupsAsync(RunTags.CreatedBy, RunTags.Harness, cancellationToken))
        {
            var (expired, reason) = Verdict(group, now, olderThan);
            if (!expired)
            {
                Log.GcKeeping(_logger, group.Name, reason);
                lines.Add($"kept {group.Name}: {reason}");
                continue;
            }

            Log.GcDeleting(_logger, group.Name, reason);
            if (dryRun)
            {
                lines.Add($"would delete {group.Name}: {reason}");
                continue;
            }

            try
            {
                await _arm.DeleteResourceGroupAsync(group.Name, cancellationToken);
                lines.Add($"deleted {group.Name}: {reason}");
            }
            catch (InfrastructureException e)
            {
                lines.Add($"FAILED to delete {group.Name}: {e.Message.Split('\n', 2)[0]}");
            }
        }

        return lines;
    }

    /// <summary>Whether a group may be deleted, and why (or why not).</summary>
    internal static (bool Expired, string Reason) Verdict(ResourceGroupInfo group, DateTimeOffset now, TimeSpan olderThan)
    {
        if (!group.Tags.TryGetValue(RunTags.CreatedBy, out var by) || by != RunTags.Harness)
        {
            return (false, $"not tagged {RunTags.CreatedBy}={RunTags.Harness}");
        }

        if (RunTags.Parse(group.Tags, RunTags.CreatedAt) is not { } created)
        {
            return (false, $"no readable {RunTags.CreatedAt} tag");
        }

        if (RunTags.Parse(group.Tags, RunTags.ExpiresAt) is { } expires && expires <= now)
        {
            return (true, $"expired at {RunTags.Format(expires)}");
        }

        return now - created >= olderThan
            ? (true, $"created at {RunTags.Format(created)}, older than {olderThan}")
            : (false, $"created at {RunTags.Format(created)}, younger than {olderThan}");
    }

    public void Dispose() => _arm.Dispose();
}
