using Harness.Catalog;

namespace Harness.Tests.Catalog;

public sealed class TestCatalogTests
{
    private static readonly TestCatalog Cl = new(
    [
        new TestMetadata("cl.basic"),
        new TestMetadata("cl.ignition.files"),
        new TestMetadata("cl.ignition.once"),
        new TestMetadata("docker.basic"),
    ]);

    [Fact]
    public void Selects_by_pattern_in_name_order()
    {
        Assert.Equal(["cl.ignition.files", "cl.ignition.once"], Cl.Select(TestPatterns.Parse("cl.ignition.*")).Select(t => t.Name));
        Assert.Equal(4, Cl.Select(TestPatterns.All).Count);
    }

    [Theory]
    [InlineData("cl.*")]
    [InlineData("cl.basic,docker.*")]
    [InlineData("*")]
    [InlineData("sysext.*")] // another catalog's family: not this catalog's business
    [InlineData("cl.basic,sysext.simple")]
    public void Patterns_that_match_or_belong_elsewhere_are_accepted(string patterns) =>
        Assert.Null(Cl.ValidatePatterns(TestPatterns.Parse(patterns)));

    [Fact]
    public void A_pattern_of_this_catalog_that_matches_nothing_is_one_clear_line()
    {
        var error = Cl.ValidatePatterns(TestPatterns.Parse("cl.basic,cl.ignitoin.*"));
        Assert.Equal("HARNESS_TESTS='cl.basic,cl.ignitoin.*': pattern 'cl.ignitoin.*' matches no test in this catalog (4 tests)", error);
    }

    [Fact]
    public void A_wildcard_family_that_matches_nothing_is_reported()
    {
        Assert.NotNull(Cl.ValidatePatterns(TestPatterns.Parse("*.nothing")));
    }

    [Fact]
    public void A_bare_family_name_suggests_the_glob()
    {
        var error = Cl.ValidatePatterns(TestPatterns.Parse("cl.ignition"));
        Assert.EndsWith("did you mean 'cl.ignition.*'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new TestCatalog([new TestMetadata("cl.basic"), new TestMetadata("cl.basic")]));
        Assert.Contains("duplicate test name 'cl.basic'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finds_by_name()
    {
        Assert.Equal("cl.basic", Cl.Find("cl.basic")?.Name);
        Assert.Null(Cl.Find("cl.nothing"));
        Assert.Equal(["cl", "docker"], Cl.Families.Order());
    }

    [Fact]
    public void Malformed_patterns_name_the_pattern()
    {
        var error = Assert.Throws<FormatException>(() => TestPatterns.Parse("cl.basic,cl.[x"));
        Assert.StartsWith("pattern 'cl.[x' is not a valid kola glob", error.Message, StringComparison.Ordinal);
    }
}
