using Harness.Results;

namespace Harness.Reports;

/// <summary>One attempt in a matrix cell.</summary>
/// <param name="Number">Attempt number of this test across all runs of this vendor (1 = its first attempt; Flatcar's "run" index).</param>
/// <param name="Result">The attempt as recorded.</param>
/// <param name="RunFolder">The folder of the run that recorded it (for artifacts), or null when unknown.</param>
public sealed record MatrixAttempt(int Number, TestResult Result, string? RunFolder)
{
    /// <summary>The attempt's artifact folder, when known and present.</summary>
    public string? ArtifactFolder => RunFolder is not null && Result.Folder is { } folder ? Path.Combine(RunFolder, folder) : null;
}
