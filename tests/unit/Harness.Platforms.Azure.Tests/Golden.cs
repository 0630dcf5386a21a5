using System.Runtime.CompilerServices;

namespace Harness.Platforms.Azure.Tests;

/// <summary>
/// Golden files under <c>Golden/</c> next to this source file. <c>HARNESS_UPDATE_GOLDEN=1</c> rewrites them
/// instead of comparing (review the diff before committing).
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string sourceFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("HARNESS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing: run the tests with HARNESS_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
