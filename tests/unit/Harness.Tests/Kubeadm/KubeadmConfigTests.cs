using System.Reflection;
using Harness.Ignition;
using Harness.Machines;
using Harness.Testing;
using Harness.Tests.Ignition;
using Harness.Xunit;
using Tests.Kubeadm;
using Tests.Kubeadm.Support;

namespace Harness.Tests.Kubeadm;

/// <summary>
/// The kubeadm catalog cannot run here (no Flatcar image, no internet), so everything it renders is checked in the
/// fast tier: golden files for every rendering, <c>ignition-validate</c> on every node config, and the matrix and the
/// <c>[OsTest]</c> methods naming the same tests.
/// </summary>
public sealed class KubeadmConfigTests
{
    private const string ControlPlane = "10.1.2.11";
    private const string Worker = "10.1.2.12";
    private const string SampleToken = "abcdef.0123456789abcdef";
    private static readonly string SampleCaHash = new('c', 64);
    private static readonly KubeadmConfigs Configs = new(Path.Combine(RepoPaths.Root, "tests", "kubeadm"));
    private static readonly string GoldenDir = Path.Combine(RepoPaths.Root, "tests", "unit", "Harness.Tests", "Kubeadm", "golden");

    public static TheoryData<string> CaseNames => [.. KubeadmMatrix.Cases.Select(c => c.TestName)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Node_config_matches_its_golden_file_and_passes_ignition_validate(string testName)
    {
        var cell = KubeadmMatrix.Get(testName);

        var config = Configs.NodeIgnition(cell, Arch.Amd64);

        Golden.AssertMatches(Path.Combine(GoldenDir, $"node.{cell.KubernetesVersion}.amd64.ign.json"), config);
        var result = await new IgnitionValidator().ValidateAsync(SampleConfigs.HarnessInjected(config));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Contains(config.Files, f => f.Path == $"/opt/extensions/kubernetes/kubernetes-{cell.KubernetesVersion}-x86-64.raw");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Init_config_matches_its_golden_file(string testName)
    {
        var cell = KubeadmMatrix.Get(testName);

        AssertText($"init.{cell.KubernetesVersion}.yaml", Configs.InitConfig(cell, ControlPlane));
    }

    [Fact]
    public void Join_config_carries_the_handed_over_token_and_ca_hash()
    {
        var text = Configs.JoinConfig(ControlPlane, SampleToken, SampleCaHash, Worker);

        AssertText("join.yaml", text);
        Assert.Contains($"token: {SampleToken}\n", text, StringComparison.Ordinal);
        Assert.Contains($"- sha256:{SampleCaHash}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Arm64_nodes_get_the_arm64_sysext()
    {
        var text = Configs.NodeButane(KubeadmMatrix.Cases[0], Arch.Arm64);

        Assert.Contains("source: https://extensions.flatcar.org/extensions/kubernetes-v1.36.1-arm64.raw", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_cell_of_the_matrix_is_an_OsTest_and_every_kubeadm_OsTest_is_a_cell()
    {
        var declared = typeof(KubeadmBase).GetMethods()
            .Select(m => m.GetCustomAttribute<OsTestAttribute>()?.Name)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

        Assert.Equal(KubeadmMatrix.Cases.Select(c => c.TestName).Order(StringComparer.Ordinal), declared);
        Assert.Equal(9, KubeadmMatrix.Cases.Count);
        Assert.Equal("kubeadm.v1.34.4.flannel.base", KubeadmMatrix.Cases[^1].TestName);
    }

    [Fact]
    public void The_contract_image_is_not_taken_for_Flatcar()
    {
        var dir = Directory.CreateTempSubdirectory("kubeadm-probe-");
        try
        {
            var image = Path.Combine(dir.FullName, "disk.qcow2");
            File.WriteAllText(Path.Combine(dir.FullName, "manifest.json"), "{\"os_release\": {\"ID\": \"contract\", \"ID_LIKE\": \"flatcar\"}}");
            Assert.Contains("needs a real Flatcar image", KubeadmPrerequisites.FlatcarImageMissing(image), StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(dir.FullName, "manifest.json"), "{\"os_release\": {\"ID\": \"flatcar\"}}");
            Assert.Null(KubeadmPrerequisites.FlatcarImageMissing(image));

            Assert.Null(KubeadmPrerequisites.FlatcarImageMissing("/downloads/flatcar_production_qemu_uefi_image.img"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void AssertText(string name, string actual) => GoldenFile.Verify(Path.Combine(GoldenDir, name), actual);
}
