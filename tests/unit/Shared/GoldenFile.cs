using System.Runtime.CompilerServices;

namespace Harness.Testing;

/// <summary>
/// Golden files shared by the unit-test projects. <c>HARNESS_UPDATE_GOLDEN=1</c> rewrites them instead of comparing
/// (review the diff before committing).
/// </summary>
internal static class GoldenFile
{
    public static bool Updating => Environment.GetEnvironmentVariable("HARNESS_UPDATE_GOLDEN") == "1";

    /// <summary>Compares <paramref name="actual"/> with the file at <paramref name="goldenPath"/> (or rewrites it).</summary>
    public static void Verify(string goldenPath, string actual)
    {
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(goldenPath)!);
            File.WriteAllText(goldenPath, actual);
            return;
        }

        Assert.True(
            File.Exists(goldenPath),
            $"golden file {goldenPath} is missing; run the tests with HARNESS_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(goldenPath).ReplaceLineEndings("\n"), actual);
    }

    /// <summary><see cref="Verify"/> on <c>Golden/<paramref name="name"/></c> next to the calling source file.</summary>
    public static void VerifyBeside(string name, string actual, [CallerFilePath] string callerFile = "") =>
        Verify(Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden", name), actual);
}
