using Harness.Catalog;

namespace Harness.Tests.Catalog;

public sealed class KolaGlobTests
{
    [Theory]
    [InlineData("*", "cl.basic")]
    [InlineData("cl.*", "cl.basic")]
    [InlineData("cl.*", "cl.ignition.files")] // * crosses dots, as filepath.Match does on names without '/'
    [InlineData("*.files", "cl.ignition.files")]
    [InlineData("cl.*.files", "cl.ignition.files")]
    [InlineData("cl.ignition.*", "cl.ignition.v2_1.swap")]
    [InlineData("cl.basic", "cl.basic")]
    [InlineData("cl.basi?", "cl.basic")]
    [InlineData("cl.[a-c]asic", "cl.basic")]
    [InlineData("cl.[^x]asic", "cl.basic")]
    [InlineData("cl.[xb]asic", "cl.basic")]
    [InlineData("kubeadm.v1.*.calico.*", "kubeadm.v1.34.4.calico.base")]
    [InlineData("a\\*b", "a*b")]
    [InlineData("*ignition*", "cl.ignition.files")]
    public void Matches(string pattern, string name) => Assert.True(KolaGlob.Parse(pattern).IsMatch(name), $"{pattern} should match {name}");

    [Theory]
    [InlineData("cl.*", "cl")]
    [InlineData("cl.*", "docker.basic")]
    [InlineData("cl.basic", "cl.basic.extra")]
    [InlineData("cl.basic", "xcl.basic")]
    [InlineData("cl.basi?", "cl.basi")]
    [InlineData("cl.[^b]asic", "cl.basic")]
    [InlineData("CL.*", "cl.basic")] // case-sensitive, like kola
    [InlineData("*", "a/b")] // '*' never crosses '/'
    [InlineData("a\\*b", "axb")]
    public void Does_not_match(string pattern, string name) => Assert.False(KolaGlob.Parse(pattern).IsMatch(name), $"{pattern} should not match {name}");

    [Theory]
    [InlineData("cl.[abc", "unclosed '['")]
    [InlineData("cl.\\", "trailing '\\'")]
    [InlineData("cl.[]", "empty character class")]
    [InlineData("cl.[z-a]", "reversed range")]
    [InlineData("", "empty pattern")]
    public void Malformed_patterns_say_what_is_wrong(string pattern, string expected)
    {
        Assert.False(KolaGlob.TryParse(pattern, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => KolaGlob.Parse(pattern));
    }

    [Theory]
    [InlineData("cl.basic", true, "cl")]
    [InlineData("cl.ignition.*", false, "cl")]
    [InlineData("*.files", false, null)]
    [InlineData("c?.basic", false, null)]
    [InlineData("cl", true, "cl")]
    public void Knows_whether_it_is_literal_and_its_family(string pattern, bool literal, string? family)
    {
        var glob = KolaGlob.Parse(pattern);
        Assert.Equal(literal, glob.IsLiteral);
        Assert.Equal(family, glob.LiteralFamily);
    }

    [Fact]
    public void Many_stars_on_a_long_name_stay_fast()
    {
        var glob = KolaGlob.Parse("*a*a*a*a*a*a*a*a*b");
        Assert.False(glob.IsMatch(new string('a', 200)));
    }
}
