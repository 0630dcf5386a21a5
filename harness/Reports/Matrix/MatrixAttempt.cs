using Harness.Results;

namespace Harness.Reports;

/// <summary>One attempt in a matrix cell.</summary>
/// <param name="Number">The test's attempt number in its cell (channel, platform, arch, version): the recorded attempt, counted on only when a later results file of the same cell ran the test again (Flatcar's "run" index).</param>
/// <param name="Result">The attempt as recorded.</param>
/// <param name="RunFolder">The folder of the run that recorded it (for artifacts), or null when unknown.</param>
public sealed record MatrixAttempt(int Number, TestResult Result, string? RunFolder)
{
    /// <summary>The attempt's artifact folder, when known and present.</summary>
    public string? ArtifactFolder => RunFolder is not null && Result.Folder is { } folder ? Path.Combine(RunFolder, folder) : null;
}
