using Harness.Sysext;

namespace Harness.Tests.Sysext;

public class ExtensionReleaseTests
{
    [Fact]
    public void Defaults_for_the_contract_image_are_its_ID_level_and_architecture()
    {
        var release = SysextSpec.Create("hello").ForHost(Hosts.Contract, "x86-64").Validate();

        ReleaseGolden.AssertMatches("contract-defaults.release", release.Render());
        Assert.True(SysextMatcher.Match(release, Hosts.Contract, "x86-64").Accepted);
    }

    [Fact]
    public void Defaults_for_a_host_without_a_level_use_its_VERSION_ID()
    {
        var release = SysextSpec.Create("hello").ForHost(Hosts.Debian, "arm64").Validate();

        ReleaseGolden.AssertMatches("debian-defaults.release", release.Render());
        Assert.True(SysextMatcher.Match(release, Hosts.Debian, "arm64").Accepted);
    }

    [Fact]
    public void Fields_set_in_CSharp_win_over_host_defaults_and_extra_fields_follow()
    {
        var release = SysextSpec.Create("kubernetes")
            .WithRelease(r => r with
            {
                Id = SysextArchitecture.Any,
                Extra = [new("EXTENSION_RELOAD_MANAGER", "1"), new("SYSEXT_ID", "kubernetes v1.33")],
            })
            .ForHost(Hosts.Flatcar, "x86-64")
            .Validate();

        ReleaseGolden.AssertMatches("bakery-any.release", release.Render());
    }

    [Fact]
    public void A_release_file_in_the_folder_supplies_fields_under_the_CSharp_ones()
    {
        var spec = SysextSpec.Create("tool")
            .WithFile("/usr/lib/extension-release.d/extension-release.tool", "ID=flatcar\nVERSION_ID='4230.2.1'\nARCHITECTURE=x86-64\n# comment\n")
            .WithRelease(r => r with { Architecture = "arm64" });

        var release = spec.Validate();

        Assert.Equal("flatcar", release.Id);
        Assert.Equal("4230.2.1", release.VersionId);
        Assert.Equal("arm64", release.Architecture);
    }

    [Fact]
    public void Render_and_parse_round_trip_values_that_need_quotes()
    {
        var release = new ExtensionRelease { Id = "contract", Extra = [new("SYSEXT_ID", "a \"quoted\" $value")] };

        var text = release.Render();

        Assert.Equal("ID=contract\nSYSEXT_ID=\"a \\\"quoted\\\" \\$value\"\n", text);
        Assert.Equal(release, ExtensionRelease.Parse(text));
    }

    [Fact]
    public void A_line_that_is_not_an_assignment_is_named_with_its_number()
    {
        var e = Assert.Throws<FormatException>(() => ExtensionRelease.Parse("ID=x\nthis is not\n", "golden.release"));

        Assert.Equal("golden.release, line 2: expected KEY=value, found 'this is not'", e.Message);
    }
}
