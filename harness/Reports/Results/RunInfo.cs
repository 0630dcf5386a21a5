namespace Harness.Results;

/// <summary>The run-level part of <c>results.json</c>.</summary>
public sealed record RunInfo
{
    /// <summary>Run id (<c>yyyyMMdd-HHmmss-xxxx</c>), also the run folder's name.</summary>
    public required string Id { get; init; }

    /// <summary>Platform name (<c>qemu</c>).</summary>
    public required string Platform { get; init; }

    /// <summary>Architecture (<c>amd64</c>, <c>arm64</c>).</summary>
    public required string Arch { get; init; }

    /// <summary>Release channel (<c>developer</c>, <c>stable</c>, …).</summary>
    public required string Channel { get; init; }

    /// <summary>Image version, or null when unknown.</summary>
    public string? ImageVersion { get; init; }

    /// <summary>Path of the base image.</summary>
    public required string Image { get; init; }

    /// <summary>Requested accelerator (<c>kvm</c>, <c>tcg</c>) or null when the platform probed.</summary>
    public string? Accelerator { get; init; }

    /// <summary>The platform's one-line description (binary, accelerator actually used, firmware).</summary>
    public string? PlatformDescription { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>When the run ended; while it runs, the time of the last finished test.</summary>
    public DateTimeOffset? End { get; init; }
}
