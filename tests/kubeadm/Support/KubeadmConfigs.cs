using Harness.Ignition;
using Harness.Machines;
using Harness.Xunit;

namespace Tests.Kubeadm.Support;

/// <summary>
/// Renders the kubeadm catalog's configs from the templates in <c>configs/</c>: the nodes' Butane (Ignition) config,
/// kubeadm's init and join configurations. Golden-file tests in the fast tier cover every rendering.
/// </summary>
/// <param name="assetRoot">The folder holding <c>configs/</c> (the test output folder, or the project folder in fast tests).</param>
public sealed class KubeadmConfigs(string assetRoot)
{
    /// <summary>Where kubelet looks for volume plugins (/usr is read-only on Flatcar).</summary>
    public const string VolumePluginDir = "/opt/libexec/kubernetes/kubelet-plugins/volume/exec/";

    /// <summary>Configs next to the running tests.</summary>
    public static KubeadmConfigs FromOutput { get; } = new(Assets.Folder);

    /// <summary>The bakery's name for <paramref name="arch"/> (<c>x86-64</c>, <c>arm64</c>).</summary>
    public static string SysextArch(Arch arch) => arch switch
    {
        Arch.Amd64 => "x86-64",
        Arch.Arm64 => "arm64",
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "no Kubernetes sysext for this architecture"),
    };

    /// <summary>The Butane text of a node (both roles) of <paramref name="cell"/> on <paramref name="arch"/>.</summary>
    public string NodeButane(KubeadmCase cell, Arch arch)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var sysextArch = SysextArch(arch);
        return Render("configs/node.bu", new Dictionary<string, string>
        {
            ["SYSEXT_URL"] = cell.SysextUrl(sysextArch),
            ["SYSEXT_FILE"] = $"kubernetes-{cell.KubernetesVersion}-{sysextArch}.raw",
        });
    }

    /// <summary>The Ignition config of a node (<see cref="NodeButane"/> translated).</summary>
    public IgnitionConfig NodeIgnition(KubeadmCase cell, Arch arch) =>
        ButaneTranslator.Translate(NodeButane(cell, arch), Path.Combine(assetRoot, "configs/node.bu"), Path.Combine(assetRoot, "configs"));

    /// <summary>kubeadm's init configuration for a control plane at <paramref name="controlPlane"/> (its private address).</summary>
    public string InitConfig(KubeadmCase cell, string controlPlane)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentException.ThrowIfNullOrEmpty(controlPlane);
        return Render("configs/init.yaml", new Dictionary<string, string>
        {
            ["CONTROL_PLANE"] = controlPlane,
            ["NODE_NAME"] = controlPlane,
            ["KUBERNETES_VERSION"] = cell.KubernetesVersion,
            ["POD_SUBNET"] = KubeadmCase.PodSubnet,
        });
    }

    /// <summary>kubeadm's join configuration for a worker at <paramref name="nodeIp"/>; holds the bootstrap token (a secret).</summary>
    public string JoinConfig(string controlPlane, string token, string caCertHash, string nodeIp)
    {
        ArgumentException.ThrowIfNullOrEmpty(controlPlane);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(caCertHash);
        ArgumentException.ThrowIfNullOrEmpty(nodeIp);
        return Render("configs/join.yaml", new Dictionary<string, string>
        {
            ["CONTROL_PLANE"] = controlPlane,
            ["TOKEN"] = token,
            ["CA_CERT_HASH"] = caCertHash,
            ["NODE_NAME"] = nodeIp,
            ["NODE_IP"] = nodeIp,
        });
    }

    /// <summary>
    /// The script that installs <paramref name="cell"/>'s CNI on the control plane (<c>cni/&lt;cni&gt;.sh</c>, run as
    /// root). Every node's <paramref name="nodeAddresses"/> (their private addresses, as kubelet's <c>node-ip</c>) pins
    /// flannel to the private NIC: one <c>--iface</c> per address, and each node finds its own.
    /// </summary>
    public string CniScript(KubeadmCase cell, IReadOnlyList<string> nodeAddresses)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(nodeAddresses);
        ArgumentOutOfRangeException.ThrowIfZero(nodeAddresses.Count);
        var values = new Dictionary<string, string> { ["POD_SUBNET"] = KubeadmCase.PodSubnet };
        if (cell.Cni == Cni.Flannel)
        {
            // sed replacement text: after the matched "- --kube-subnet-mgr" line, one line per address, same indent
            values["IFACE_ARGS"] = string.Concat(nodeAddresses.Select(a => $"\\n\\1- --iface={a}"));
        }

        return Render($"cni/{cell.CniName}.sh", values);
    }

    private string Render(string relativePath, IReadOnlyDictionary<string, string> values)
    {
        var path = Path.Combine(assetRoot, relativePath);
        return ButaneTemplate.Render(File.ReadAllText(path), values, path);
    }
}
