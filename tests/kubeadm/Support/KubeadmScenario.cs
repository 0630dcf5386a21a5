using System.Text;
using Harness.Machines;
using Harness.Xunit;

namespace Tests.Kubeadm.Support;

/// <summary>
/// The body of every <c>kubeadm.&lt;release&gt;.&lt;cni&gt;.base</c> test (kola's kubeadm base test): a control plane and a
/// worker on a private network, both with the bakery's Kubernetes sysext; <c>kubeadm init</c>; the harness hands the
/// worker a bootstrap token and the CA certificate hash from the control plane; <c>kubeadm join</c>; the CNI; both nodes
/// Ready; an nginx deployment serving. Skipped, with the reason, without a Flatcar image or the internet.
/// </summary>
public static class KubeadmScenario
{
    private const string Kubectl = "sudo kubectl --kubeconfig /etc/kubernetes/admin.conf";
    private static readonly TimeSpan InitTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(15);

    // One bounded probe per test run, not one per test.
    private static readonly Lazy<Task<string?>> Internet = new(() => KubeadmPrerequisites.InternetMissingAsync());

    /// <summary>Runs the scenario for <paramref name="cell"/>.</summary>
    public static async Task RunAsync(KubeadmCase cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        string?[] missing = [KubeadmPrerequisites.FlatcarImageMissing(Session.Settings.ImagePath), await Internet.Value];
        Skip.If(missing.Any(m => m is not null), string.Join("; ", missing.OfType<string>()));

        var configs = KubeadmConfigs.FromOutput;
        var node = MachineSpec.Default
            .WithIgnition(configs.NodeIgnition(cell, Session.Settings.Arch))
            .WithOptions(o => o with { MemoryMiB = 2048, Cpus = 2, ExtraDisks = [] });
        var network = PrivateNetwork.Create(2);
        var cluster = await Session.StartClusterAsync(network, _ => node);
        var (controlPlane, worker) = (cluster[0], cluster[1]);
        var controlPlaneIp = controlPlane.PrivateAddress!;

        await controlPlane.WaitUntilSucceedsAsync("test -x /usr/bin/kubeadm", InitTimeout);
        await CopyTextAsync(controlPlane, configs.InitConfig(cell, controlPlaneIp), "kubeadm-init.yaml");
        await controlPlane.SucceedAsync("sudo kubeadm init --config /home/core/kubeadm-init.yaml", InitTimeout);

        // Handed over by the harness: a fresh bootstrap token and the hash of the cluster CA's public key.
        var token = await controlPlane.OutputAsync("sudo kubeadm token create --ttl 1h");
        var caHash = await controlPlane.OutputAsync(
            "openssl x509 -pubkey -noout -in /etc/kubernetes/pki/ca.crt | openssl pkey -pubin -outform der | sha256sum | cut -d' ' -f1");
        await worker.WaitUntilSucceedsAsync("test -x /usr/bin/kubeadm", InitTimeout);
        await CopyTextAsync(worker, configs.JoinConfig(controlPlaneIp, token, caHash, worker.PrivateAddress!), "kubeadm-join.yaml");
        await worker.SucceedAsync("sudo kubeadm join --config /home/core/kubeadm-join.yaml && rm /home/core/kubeadm-join.yaml", InitTimeout);

        await RunScriptAsync(controlPlane, configs.CniScript(cell, [controlPlaneIp, worker.PrivateAddress!]));
        await controlPlane.WaitUntilSucceedsAsync(
            $"test \"$({Kubectl} get nodes --no-headers | awk '$2 == \"Ready\"' | wc -l)\" = 2", ReadyTimeout);

        await CopyTextAsync(controlPlane, await Assets.ReadTextAsync("configs/nginx.yaml"), "nginx.yaml");
        await controlPlane.SucceedAsync($"{Kubectl} apply -f /home/core/nginx.yaml");
        await controlPlane.WaitUntilSucceedsAsync($"{Kubectl} rollout status deployment/nginx --timeout=60s", ReadyTimeout);
        var podIp = await controlPlane.OutputAsync($"{Kubectl} get pods -l app=nginx -o jsonpath='{{.items[0].status.podIP}}'");
        Assert.Contains("nginx", await controlPlane.WaitUntilSucceedsAsync($"curl -fsS http://{podIp}/", ReadyTimeout), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Copies <paramref name="text"/> to <c>/home/core/&lt;name&gt;</c> over SSH (never through a logged command line).</summary>
    private static async Task CopyTextAsync(Machine machine, string text, string name)
    {
        var dir = Directory.CreateTempSubdirectory("kubeadm-");
        try
        {
            var local = Path.Combine(dir.FullName, name);
            await File.WriteAllTextAsync(local, text);
            await machine.CopyToAsync(local, "/home/core/" + name);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task RunScriptAsync(Machine machine, string text)
    {
        var script = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        await machine.SucceedAsync($"echo {script} | base64 -d | sudo sh", InitTimeout);
    }
}
