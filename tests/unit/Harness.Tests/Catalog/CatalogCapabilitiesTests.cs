using Harness.Catalog;
using Harness.Machines;
using Harness.Tests.Ignition;

namespace Harness.Tests.Catalog;

/// <summary>
/// The cl catalog's capability declarations, read from its built assembly as <c>harness list</c> reads them, and what
/// selection makes of them: Azure fetches the serial log only when a machine is gone (no <c>LiveConsole</c>), so the
/// tests that wait on the console are skipped there with the reason instead of timing out.
/// </summary>
public sealed class CatalogCapabilitiesTests
{
    // Capabilities as platforms/Azure and platforms/Qemu declare them (their own unit tests pin those).
    private static readonly PlatformFacts Azure = new("azure", Arch.Amd64, PlatformCapabilities.Reboot | PlatformCapabilities.PowerControl, null);
    private static readonly PlatformFacts Qemu = new(
        "qemu",
        Arch.Amd64,
        PlatformCapabilities.Reboot | PlatformCapabilities.PowerControl | PlatformCapabilities.LiveConsole | PlatformCapabilities.ExtraDisks
        | PlatformCapabilities.HostServices | PlatformCapabilities.PrivateNetwork | PlatformCapabilities.ImageFile,
        null);

    [Theory]
    [InlineData("cl.verity")]
    [InlineData("cl.ignition.invalid")]
    public void Tests_that_wait_on_the_console_require_a_live_one_and_are_skipped_on_Azure(string name)
    {
        var test = ClTest(name);

        Assert.True(test.Requires.HasFlag(PlatformCapabilities.LiveConsole), $"{name} requires {test.Requires}, not LiveConsole");
        Assert.Equal("requires capability LiveConsole, platform azure has Reboot, PowerControl", Selection.Decide(test, TestPatterns.All, Azure).SkipReason);
        Assert.True(Selection.Decide(test, TestPatterns.All, Qemu).ShouldRun);
    }

    [Fact]
    public void Cl_basic_runs_everywhere_and_leaves_only_its_image_file_check_to_platforms_that_boot_the_file()
    {
        var test = ClTest("cl.basic");

        Assert.Equal(PlatformCapabilities.None, test.Requires);
        Assert.True(Selection.Decide(test, TestPatterns.All, Azure).ShouldRun);
    }

    private static TestMetadata ClTest(string name)
    {
        var entry = CatalogAssembly.Read(ClAssemblyPath()).Single(e => e.Name == name);
        return new TestMetadata(name) { Requires = Enum.Parse<PlatformCapabilities>(entry.Requires) };
    }

    /// <summary>tests/cl's assembly, built in the same configuration as this one (the solution build builds both).</summary>
    private static string ClAssemblyPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        return Path.Combine(RepoPaths.Root, "tests", "cl", "bin", configuration, output.Name, "Tests.Cl.dll");
    }
}
