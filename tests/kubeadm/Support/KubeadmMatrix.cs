namespace Tests.Kubeadm.Support;

/// <summary>
/// The kubeadm matrix (kola's: three releases × calico, cilium, flannel). Each cell is one <c>[OsTest]</c> in
/// <see cref="KubeadmBase"/> (OS tests take no parameters); a fast test checks that the two agree.
/// </summary>
public static class KubeadmMatrix
{
    /// <summary>Kubernetes releases, newest first.</summary>
    public static IReadOnlyList<string> Releases { get; } = ["v1.36.1", "v1.35.1", "v1.34.4"];

    /// <summary>Every cell, release-major.</summary>
    public static IReadOnlyList<KubeadmCase> Cases { get; } =
        [.. Releases.SelectMany(r => Enum.GetValues<Cni>().Select(c => new KubeadmCase(r, c)))];

    /// <summary>The cell named <paramref name="testName"/>.</summary>
    /// <exception cref="ArgumentException">No such cell.</exception>
    public static KubeadmCase Get(string testName) =>
        Cases.SingleOrDefault(c => c.TestName == testName)
        ?? throw new ArgumentException($"no kubeadm case is named {testName}; the matrix has {string.Join(", ", Cases.Select(c => c.TestName))}", nameof(testName));
}
