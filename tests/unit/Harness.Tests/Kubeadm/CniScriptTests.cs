using Harness.Processes;
using Harness.Testing;
using Harness.Tests.Ignition;
using Tests.Kubeadm.Support;

namespace Harness.Tests.Kubeadm;

/// <summary>
/// The CNI install scripts the kubeadm catalog runs on the control plane, rendered for a two-node cluster and run here
/// with stand-ins for <c>curl</c> (serving the upstream manifest's shape) and <c>kubectl</c> (recording what would be
/// applied). Every QEMU machine's user-mode NIC is 10.0.2.15 and carries the default route, so each CNI must be pinned
/// to the nodes' private addresses or cross-node pod traffic goes nowhere.
/// </summary>
public sealed class CniScriptTests
{
    private const string ControlPlane = "10.1.2.11";
    private const string Worker = "10.1.2.12";
    private static readonly KubeadmConfigs Configs = new(Path.Combine(RepoPaths.Root, "tests", "kubeadm"));
    private static readonly string GoldenDir = Path.Combine(RepoPaths.Root, "tests", "unit", "Harness.Tests", "Kubeadm", "golden");

    /// <summary>
    /// The parts of flannel's <c>Documentation/kube-flannel.yml</c> the script edits: the pod network in
    /// <c>net-conf.json</c> and the flanneld container's arguments (kustomize output, keys sorted: <c>- args:</c> first).
    /// </summary>
    private const string FlannelManifest = """
        kind: ConfigMap
        apiVersion: v1
        metadata:
          name: kube-flannel-cfg
          namespace: kube-flannel
        data:
          net-conf.json: |
            {
              "Network": "10.244.0.0/16",
              "EnableNFTables": false,
              "Backend": {
                "Type": "vxlan"
              }
            }
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: kube-flannel-ds
          namespace: kube-flannel
        spec:
          template:
            spec:
              containers:
              - args:
                - --ip-masq
                - --kube-subnet-mgr
                command:
                - /opt/bin/flanneld
                image: ghcr.io/flannel-io/flannel:v0.26.7

        """;

    public static TheoryData<string> CniNames => [.. Enum.GetValues<Cni>().Select(c => c.ToString())];

    [Theory]
    [MemberData(nameof(CniNames))]
    public void Cni_script_matches_its_golden_file(string cni)
    {
        var cell = new KubeadmCase(KubeadmMatrix.Releases[0], Enum.Parse<Cni>(cni));

        GoldenFile.Verify(Path.Combine(GoldenDir, $"cni.{cell.CniName}.sh"), Configs.CniScript(cell, [ControlPlane, Worker]));
    }

    [Fact]
    public async Task Flannel_gets_one_iface_per_node_private_address_under_its_own_arguments()
    {
        var applied = await RunAsync(Cni.Flannel);

        Assert.Contains(
            "        - --ip-masq\n        - --kube-subnet-mgr\n"
            + $"        - --iface={ControlPlane}\n        - --iface={Worker}\n        command:\n",
            applied,
            StringComparison.Ordinal);
        Assert.Contains($"\"Network\": \"{KubeadmCase.PodSubnet}\",", applied, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calico_detects_node_addresses_from_kubelets_internal_ip_and_pulls_from_kolas_registry()
    {
        var applied = await RunAsync(Cni.Calico);

        Assert.Contains("  calicoNetwork:\n    nodeAddressAutodetectionV4:\n      kubernetes: NodeInternalIP\n", applied, StringComparison.Ordinal);
        Assert.Contains("  registry: ghcr.io/\n  imagePath: flatcar/calico\n", applied, StringComparison.Ordinal);
        Assert.Contains($"        cidr: {KubeadmCase.PodSubnet}\n", applied, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubelet_registers_each_node_with_its_private_address()
    {
        var cell = KubeadmMatrix.Cases[0];

        Assert.Contains($"    - name: node-ip\n      value: {ControlPlane}\n", Configs.InitConfig(cell, ControlPlane), StringComparison.Ordinal);
        Assert.Contains(
            $"    - name: node-ip\n      value: {Worker}\n",
            Configs.JoinConfig(ControlPlane, "abcdef.0123456789abcdef", new string('c', 64), Worker),
            StringComparison.Ordinal);
    }

    /// <summary>Runs the rendered script for <paramref name="cni"/>; returns what it handed to <c>kubectl apply -f -</c>.</summary>
    private static async Task<string> RunAsync(Cni cni)
    {
        var dir = Directory.CreateTempSubdirectory("cni-script-");
        try
        {
            var manifest = Path.Combine(dir.FullName, "manifest.yml");
            var applied = Path.Combine(dir.FullName, "applied.yaml");
            await File.WriteAllTextAsync(manifest, FlannelManifest);
            var script = Configs.CniScript(new KubeadmCase(KubeadmMatrix.Releases[0], cni), [ControlPlane, Worker]);
            // Shell functions stand in for the commands (they take precedence over PATH).
            var stubs = $"curl() {{ cat '{manifest}'; }}\nkubectl() {{ case \"$*\" in *'apply -f -'*) cat >>'{applied}' ;; esac; }}\n";

            var result = await ProcessRunner.Default.RunAsync(
                new ProcessSpec("sh", ["-c", stubs + script]) { Timeout = TimeSpan.FromSeconds(30) },
                CancellationToken.None);

            Assert.True(result.Succeeded, $"the {cni} script failed (exit {result.ExitCode}):\n{result.Stderr}");
            return await File.ReadAllTextAsync(applied);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
