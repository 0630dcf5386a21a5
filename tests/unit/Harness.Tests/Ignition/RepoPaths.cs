using System.Runtime.CompilerServices;

namespace Harness.Tests.Ignition;

/// <summary>
/// Paths in the source tree, found by walking up to <c>Harness.sln</c> from the test binaries (or, when they were
/// built outside the tree, from this source file's compile-time location).
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() => FindRoot());

    /// <summary>The repository root (the folder holding <c>Harness.sln</c>).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The golden folder of these tests, in the source tree (so updates land in git, not in bin/).</summary>
    public static string Golden => Path.Combine(Root, "tests", "unit", "Harness.Tests", "Ignition", "golden");

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        string[] starts = [AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? ""];
        foreach (var start in starts.Where(s => s.Length > 0))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Harness.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"Harness.sln not found above {string.Join(" or ", starts)}");
    }
}
