using Harness.Catalog;

namespace Harness.Tests.Catalog;

public sealed class DottedVersionTests
{
    [Theory]
    [InlineData("1.0.0", "2.0.0")]
    [InlineData("1.9", "1.10")] // numeric, not lexical
    [InlineData("3033.2.4", "4230.2.1")]
    [InlineData("999.0.0", "1000.0.0")]
    [InlineData("2.0.0-rc1", "2.0.0")] // a release is newer than its pre-release
    [InlineData("2.0.0-alpha", "2.0.0-beta")]
    [InlineData("2.0.0-rc.2", "2.0.0-rc.10")]
    [InlineData("1.2", "1.2.1")]
    public void Orders_numerically(string older, string newer)
    {
        Assert.True(DottedVersion.Parse(older) < DottedVersion.Parse(newer), $"{older} < {newer}");
        Assert.True(DottedVersion.Parse(newer) > DottedVersion.Parse(older), $"{newer} > {older}");
    }

    [Theory]
    [InlineData("1.0", "1.0.0")]
    [InlineData("4230.2.1+build-5", "4230.2.1")] // build metadata is ignored, as kola does
    [InlineData("v1.2.3", "1.2.3")]
    public void Treats_as_equal(string a, string b)
    {
        Assert.Equal(DottedVersion.Parse(a), DottedVersion.Parse(b));
        Assert.Equal(DottedVersion.Parse(a).GetHashCode(), DottedVersion.Parse(b).GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1..2")]
    [InlineData("1.x")]
    [InlineData("1.0-")]
    public void Rejects_non_versions(string text)
    {
        Assert.False(DottedVersion.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => DottedVersion.Parse(text));
        Assert.Contains("not a dotted version", error.Message, StringComparison.Ordinal);
    }
}
