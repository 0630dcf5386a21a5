using Harness.Machines;
using Harness.Xunit;
using Tests.Kubeadm.Support;

namespace Tests.Kubeadm;

/// <summary>
/// kubeadm.&lt;release&gt;.&lt;cni&gt;.base (kola's names): one OS test per cell of <see cref="KubeadmMatrix"/> (OS tests
/// take no parameters); each runs <see cref="KubeadmScenario"/>. They need a real Flatcar image and the internet and
/// are otherwise reported skipped with the reason.
/// </summary>
public sealed class KubeadmBase
{
    private const PlatformCapabilities Needs = PlatformCapabilities.PrivateNetwork;
    private const int Limit = 3600;

    [OsTest("kubeadm.v1.36.1.calico.base", Requires = Needs, TimeoutSeconds = Limit)]
    public Task V1_36_1_calico() => Run("kubeadm.v1.36.1.calico.base");

    [OsTest("kubeadm.v1.36.1.cilium.base", Requires = Needs, TimeoutSeconds = Limit)]
    public Task V1_36_1_cilium() => Run("kubeadm.v1.36.1.cilium.base");

    [OsTest("kubeadm.v1.36.1.flannel.base", Requires = Needs, TimeoutSeconds = Limit)]
    public Task V1_36_1_flannel() => Run("kubeadm.v1.36.1.flannel.base");

    [OsTest("kubeadm.v1.35.1.calico.base", Requires = Needs, TimeoutSeconds = Limit)]
    public Task V1_35_1_calico() => Run("kubeadm.v1.35.1.calico.base");

    [OsTest("kubeadm.v1.35.1.cilium.base", Requires = Needs, TimeoutSeconds = Limit)]
    public Task V1_35_1_cilium() => Run("kubeadm.v1.35.1.cilium.base");

    [OsTest("kubeadm.v1.35.1.flannel.base", Requires = Needs, TimeoutSeconds = Limit)]
    public Task V1_35_1_flannel() => Run("kubeadm.v1.35.1.flannel.base");

    [OsTest("kubeadm.v1.34.4.calico.base", Requires = Needs, TimeoutSeconds = Limit)]
    public Task V1_34_4_calico() => Run("kubeadm.v1.34.4.calico.base");

    [OsTest("kubeadm.v1.34.4.cilium.base", Requires = Needs, TimeoutSeconds = Limit)]
    public Task V1_34_4_cilium() => Run("kubeadm.v1.34.4.cilium.base");

    [OsTest("kubeadm.v1.34.4.flannel.base", Requires = Needs, TimeoutSeconds = Limit)]
    public Task V1_34_4_flannel() => Run("kubeadm.v1.34.4.flannel.base");

    private static Task Run(string testName) => KubeadmScenario.RunAsync(KubeadmMatrix.Get(testName));
}
