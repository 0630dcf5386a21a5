using Harness.Sysext;

namespace Harness.Tests.Sysext;

public class SysextMatcherTests
{
    [Theory]
    [InlineData("ID=contract\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64", true, "ID 'contract' and SYSEXT_LEVEL '1.0' match the host")]
    [InlineData("ID=contract\nVERSION_ID=1.0.0", true, "ID 'contract' and VERSION_ID '1.0.0' match the host")]
    [InlineData("ID=_any\nARCHITECTURE=x86-64", true, "ID '_any' matches every host (no version checks)")]
    [InlineData("ID=contract\nSYSEXT_LEVEL=1.0\nARCHITECTURE=_any", true, "ID 'contract' and SYSEXT_LEVEL '1.0' match the host")]
    [InlineData("ID=flatcar\nSYSEXT_LEVEL=1.0", false, "ID 'flatcar' does not match the host's ID 'contract' (systemd 252 ignores ID_LIKE)")]
    [InlineData("ID=contract\nSYSEXT_LEVEL=2.0", false, "SYSEXT_LEVEL '2.0' does not match the host's SYSEXT_LEVEL '1.0'")]
    [InlineData("ID=contract\nSYSEXT_LEVEL=1.0\nARCHITECTURE=arm64", false, "ARCHITECTURE 'arm64' is not the host's 'x86-64'")]
    [InlineData("ID=contract\nVERSION_ID=0.9.0", false, "VERSION_ID '0.9.0' does not match the host's VERSION_ID '1.0.0'")]
    [InlineData("ID=contract", false, "the extension has neither SYSEXT_LEVEL nor VERSION_ID (host SYSEXT_LEVEL '1.0', VERSION_ID '1.0.0')")]
    [InlineData("SYSEXT_LEVEL=1.0", false, "the extension-release file has no ID")]
    [InlineData("ID=contract\nSYSEXT_LEVEL=1.0\nSYSEXT_SCOPE=initrd", false, "SYSEXT_SCOPE 'initrd' does not include 'system'")]
    public void Contract_host_decides_by_systemds_rules(string release, bool accepted, string reason)
    {
        var match = SysextMatcher.Match(ExtensionRelease.Parse(release), Hosts.Contract, "x86-64");

        Assert.Equal(new SysextMatch(accepted, reason), match);
    }

    [Fact]
    public void Level_only_extension_is_refused_on_a_host_without_a_level()
    {
        var match = SysextMatcher.Match(ExtensionRelease.Parse("ID=debian\nSYSEXT_LEVEL=1.0"), Hosts.Debian, "x86-64");

        Assert.False(match.Accepted);
        Assert.Equal("the host has no SYSEXT_LEVEL, so VERSION_ID is compared, and the extension has none (host VERSION_ID '12')", match.Reason);
    }

    [Fact]
    public void Matching_ID_is_enough_on_a_rolling_release()
    {
        Assert.True(SysextMatcher.Match(ExtensionRelease.Parse("ID=arch\nVERSION_ID=whatever"), Hosts.Rolling, "x86-64").Accepted);
    }

    [Fact]
    public void An_image_without_a_release_file_is_refused()
    {
        Assert.Equal("refused: the image has no extension-release file", SysextMatcher.Match(null, Hosts.Contract, "x86-64").ToString());
    }

    [Fact]
    public void ID_LIKE_does_not_help_on_systemd_252()
    {
        Assert.Contains("flatcar", Hosts.Contract.IdLike);
        Assert.False(SysextMatcher.Match(new ExtensionRelease { Id = "flatcar", SysextLevel = "1.0" }, Hosts.Contract, "x86-64").Accepted);
    }
}
