namespace Tests.Kubeadm.Support;

/// <summary>The container network plugins the kubeadm catalog installs (kola's set).</summary>
public enum Cni
{
    /// <summary>Calico through the tigera operator.</summary>
    Calico,

    /// <summary>Cilium through cilium-cli.</summary>
    Cilium,

    /// <summary>Flannel from its manifest.</summary>
    Flannel,
}
