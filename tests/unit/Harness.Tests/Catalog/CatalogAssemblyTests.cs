using Harness.Catalog;
using Harness.Tests.Xunit;

namespace Harness.Tests.Catalog;

/// <summary><c>harness list</c>'s reader, on this very assembly (it declares the sample OS tests).</summary>
public sealed class CatalogAssemblyTests
{
    [Fact]
    public void Reads_names_and_metadata_of_OsTest_methods_from_a_built_assembly()
    {
        var entries = CatalogAssembly.Read(typeof(SampleOsTests).Assembly.Location);

        Assert.Contains(entries, e => e.Name == "sample.pass" && e.Method == "SampleOsTests.Passes");
        Assert.Equal(["arm64"], entries.Single(e => e.Name == "sample.arm64-only").Architectures);
        Assert.Equal("PrivateNetwork", entries.Single(e => e.Name == "sample.private-network").Requires);
        Assert.Equal("2.0.0", entries.Single(e => e.Name == "sample.newer").MinVersion);
        Assert.Equal(1, entries.Single(e => e.Name == "sample.slow").TimeoutSeconds);
        Assert.Equal("waiting for the widget fix", entries.Single(e => e.Name == "sample.skipped-statically").Skip);
        Assert.Equal(entries.Select(e => e.Name).Order(StringComparer.Ordinal), entries.Select(e => e.Name));
    }

    [Fact]
    public void A_missing_assembly_says_to_build_the_project()
    {
        var e = Assert.Throws<IOException>(() => CatalogAssembly.Read("/nonexistent/Tests.Cl.dll"));
        Assert.Equal("/nonexistent/Tests.Cl.dll: no such assembly; build the catalog project first (dotnet build -c Release)", e.Message);
    }
}
