using System.Globalization;

namespace Tests.Kubeadm.Support;

/// <summary>One cell of the kubeadm matrix: a Kubernetes release with one CNI.</summary>
/// <param name="KubernetesVersion">Release with its <c>v</c> (<c>v1.34.4</c>): the Flatcar bakery's sysext and kubeadm's <c>kubernetesVersion</c>.</param>
/// <param name="Cni">The network plugin.</param>
public sealed record KubeadmCase(string KubernetesVersion, Cni Cni)
{
    /// <summary>The pod network (kola's PodSubnet).</summary>
    public const string PodSubnet = "192.168.0.0/17";

    /// <summary>The kola-style test name: <c>kubeadm.v1.34.4.calico.base</c>.</summary>
    public string TestName => $"kubeadm.{KubernetesVersion}.{CniName}.base";

    /// <summary>The CNI's lower-case name (<c>calico</c>), as in names and script files.</summary>
    public string CniName => Cni.ToString().ToLower(CultureInfo.InvariantCulture);

    /// <summary>
    /// The Kubernetes sysext from the Flatcar bakery for <paramref name="arch"/> (<c>x86-64</c> or <c>arm64</c>).
    /// </summary>
    public string SysextUrl(string arch) => $"https://extensions.flatcar.org/extensions/kubernetes-{KubernetesVersion}-{arch}.raw";
}
