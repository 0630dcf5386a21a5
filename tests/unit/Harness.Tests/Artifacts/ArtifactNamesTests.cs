using Harness.Artifacts;

namespace Harness.Tests.Artifacts;

public sealed class ArtifactNamesTests
{
    [Theory]
    [InlineData("cl.ignition.files", "cl.ignition.files")]
    [InlineData("cl.ignition.v2_1.swap", "cl.ignition.v2_1.swap")]
    [InlineData("extra-test.[azure].cl.basic", "extra-test.-azure-.cl.basic")]
    [InlineData("a/b\\c d", "a-b-c-d")]
    [InlineData("..", "unnamed")]
    [InlineData(".hidden", "hidden")]
    [InlineData("", "unnamed")]
    public void Folder_names_are_safe(string name, string expected) => Assert.Equal(expected, ArtifactNames.ForFolder(name));

    [Fact]
    public void Folder_names_are_bounded() => Assert.Equal(100, ArtifactNames.ForFolder(new string('a', 300)).Length);

    [Theory]
    [InlineData("cl.basic", "m1", "cl-basic-m1")]
    [InlineData("cl.ignition.v2_1.swap", "m2", "cl-ignition-v2-1-swap-m2")]
    [InlineData("Kubeadm.Calico", "controller", "kubeadm-calico-controller")]
    public void Machine_names_are_hostname_like(string test, string machine, string expected) =>
        Assert.Equal(expected, ArtifactNames.ForMachine(test, machine));

    [Fact]
    public void Machine_names_fit_a_hostname()
    {
        var name = ArtifactNames.ForMachine(string.Join('.', Enumerable.Repeat("segment", 20)), "m1");
        Assert.True(name.Length <= 63, name);
        Assert.EndsWith("-m1", name, StringComparison.Ordinal);
    }
}
