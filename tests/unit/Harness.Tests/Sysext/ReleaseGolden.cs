using Harness.Testing;
using Harness.Tests.Ignition;

namespace Harness.Tests.Sysext;

/// <summary>
/// Golden extension-release files (<c>Sysext/golden/*.release</c>). <c>HARNESS_UPDATE_GOLDEN=1</c> rewrites them
/// instead of comparing; review the diff.
/// </summary>
internal static class ReleaseGolden
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "unit", "Harness.Tests", "Sysext", "golden");

    public static void AssertMatches(string name, string actual) => GoldenFile.Verify(Path.Combine(Folder, name), actual);
}
