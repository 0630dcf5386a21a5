using Harness.Catalog;
using Harness.Machines;

namespace Harness.Tests.Catalog;

public sealed class SelectionTests
{
    private static readonly PlatformFacts Qemu = new(
        "qemu",
        Arch.Amd64,
        PlatformCapabilities.Reboot | PlatformCapabilities.PowerControl | PlatformCapabilities.LiveConsole,
        DottedVersion.Parse("1.0.0"));

    [Fact]
    public void A_selected_applicable_test_runs()
    {
        var decision = Selection.Decide(new TestMetadata("cl.basic"), TestPatterns.Parse("cl.*"), Qemu);
        Assert.True(decision.ShouldRun);
        Assert.Null(decision.SkipReason);
    }

    [Fact]
    public void A_test_no_pattern_matches_is_skipped_naming_the_patterns()
    {
        var decision = Selection.Decide(new TestMetadata("cl.ignition.files"), TestPatterns.Parse("cl.basic"), Qemu);
        Assert.Equal("not selected by HARNESS_TESTS='cl.basic'", decision.SkipReason);
    }

    [Theory]
    [InlineData("cl.basic,sysext.*", null)]
    [InlineData("cl.ignition.fils,cl.basic", "cl.ignition.fils")]
    [InlineData("cl.*,kubeadm.*", "kubeadm.*")]
    [InlineData("--nope", "--nope")]
    public void The_first_pattern_that_matches_no_test_is_named(string patterns, string? unmatched)
    {
        string[] names = ["cl.basic", "cl.ignition.files", "sysext.simple"];

        Assert.Equal(unmatched, TestPatterns.Parse(patterns).FirstUnmatched(names)?.Pattern);
    }

    [Fact]
    public void Any_of_several_patterns_selects()
    {
        var patterns = TestPatterns.Parse("docker.*, cl.ignition.*");
        Assert.True(Selection.Decide(new TestMetadata("cl.ignition.files"), patterns, Qemu).ShouldRun);
        Assert.Equal("not selected by HARNESS_TESTS='docker.*,cl.ignition.*'", Selection.Decide(new TestMetadata("cl.basic"), patterns, Qemu).SkipReason);
    }

    [Fact]
    public void An_unsupported_architecture_is_skipped()
    {
        var test = new TestMetadata("cl.misc.falco") { Architectures = [Arch.Amd64] };
        var decision = Selection.Decide(test, TestPatterns.All, Qemu with { Arch = Arch.Arm64 });
        Assert.Equal("architecture arm64 not supported by this test (it supports amd64)", decision.SkipReason);
    }

    [Fact]
    public void A_missing_capability_is_skipped_listing_what_the_platform_has()
    {
        var test = new TestMetadata("cl.network.private") { Requires = PlatformCapabilities.PrivateNetwork | PlatformCapabilities.Reboot };
        var decision = Selection.Decide(test, TestPatterns.All, Qemu);
        Assert.Equal("requires capability PrivateNetwork, platform qemu has Reboot, PowerControl, LiveConsole", decision.SkipReason);
    }

    [Fact]
    public void A_platform_without_capabilities_says_none()
    {
        var test = new TestMetadata("cl.reboot") { Requires = PlatformCapabilities.Reboot };
        var decision = Selection.Decide(test, TestPatterns.All, Qemu with { Capabilities = PlatformCapabilities.None });
        Assert.Equal("requires capability Reboot, platform qemu has none", decision.SkipReason);
    }

    [Fact]
    public void An_older_image_than_the_minimum_is_skipped()
    {
        var test = new TestMetadata("cl.verity") { MinVersion = DottedVersion.Parse("2.0.0") };
        var decision = Selection.Decide(test, TestPatterns.Parse("cl.*"), Qemu);
        Assert.Equal("image version 1.0.0 is older than the test's minimum 2.0.0", decision.SkipReason);
    }

    [Theory]
    [InlineData("1.0.0", "1.0.0", true)]
    [InlineData("1.10.0", "1.9.0", true)]
    [InlineData("1.9.0", "1.10.0", false)]
    public void The_minimum_version_is_inclusive_and_numeric(string image, string minimum, bool runs)
    {
        var test = new TestMetadata("cl.x") { MinVersion = DottedVersion.Parse(minimum) };
        var facts = Qemu with { ImageVersion = DottedVersion.Parse(image) };
        Assert.Equal(runs, Selection.Decide(test, TestPatterns.All, facts).ShouldRun);
    }

    [Fact]
    public void Naming_a_test_exactly_ignores_its_minimum_version_as_kola_does()
    {
        var test = new TestMetadata("cl.verity") { MinVersion = DottedVersion.Parse("2.0.0") };
        Assert.True(Selection.Decide(test, TestPatterns.Parse("cl.verity"), Qemu).ShouldRun);
    }

    [Fact]
    public void An_unknown_image_version_does_not_skip()
    {
        var test = new TestMetadata("cl.verity") { MinVersion = DottedVersion.Parse("2.0.0") };
        Assert.True(Selection.Decide(test, TestPatterns.All, Qemu with { ImageVersion = null }).ShouldRun);
    }

    [Fact]
    public void Name_selection_comes_before_the_other_checks()
    {
        var test = new TestMetadata("cl.x") { Requires = PlatformCapabilities.PrivateNetwork };
        Assert.StartsWith("not selected", Selection.Decide(test, TestPatterns.Parse("docker.*"), Qemu).SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decides_with_the_patterns_of_the_settings()
    {
        var settings = new Harness.Settings.HarnessSettings { ImagePath = "/i", OutputRoot = "/o", TestPatterns = ["cl.basic"] };
        Assert.Equal(
            "not selected by HARNESS_TESTS='cl.basic'",
            Selection.Decide(new TestMetadata("cl.other"), settings, Qemu).SkipReason);
    }

    [Theory]
    [InlineData("cl.basic")]
    [InlineData("cl.ignition.v2_1.swap")]
    [InlineData("kubeadm.v1.34.4.calico.base")]
    [InlineData("extra-test.x")]
    public void Valid_names(string name) => Assert.True(TestMetadata.IsValidName(name));

    [Theory]
    [InlineData("")]
    [InlineData("cl..basic")]
    [InlineData(".cl")]
    [InlineData("cl.basic.")]
    [InlineData("cl basic")]
    [InlineData("cl.*")]
    public void Invalid_names_are_rejected(string name)
    {
        Assert.False(TestMetadata.IsValidName(name));
        var error = Assert.Throws<ArgumentException>(() => new TestMetadata(name));
        Assert.Contains("is not a valid test name", error.Message, StringComparison.Ordinal);
    }
}
