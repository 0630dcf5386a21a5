using Harness.Xunit;

namespace Tests.Sysext.Support;

/// <summary>Where a test's extension images are built: <c>sysext/</c> in the test's artifact folder, kept with its logs.</summary>
public static class SysextWork
{
    /// <summary>The current test's image folder (created).</summary>
    public static string Folder()
    {
        var test = OsTestContext.Current
            ?? throw new InvalidOperationException("SysextWork.Folder is for [OsTest] tests");
        return Directory.CreateDirectory(Path.Combine(test.ArtifactDirectory, "sysext")).FullName;
    }
}
