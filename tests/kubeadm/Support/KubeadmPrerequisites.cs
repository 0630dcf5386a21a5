using System.Net.Sockets;
using System.Text.Json;

namespace Tests.Kubeadm.Support;

/// <summary>
/// What the kubeadm tests need and our build machines lack: a real Flatcar image (the Kubernetes sysext requires
/// Flatcar's containerd, kernel and layout) and the internet (the bakery, registries, CNI manifests).
/// Each probe answers null when satisfied, or the reason the tests are skipped.
/// </summary>
public static class KubeadmPrerequisites
{
    /// <summary>The host the Kubernetes sysext comes from.</summary>
    public const string BakeryHost = "extensions.flatcar.org";

    private static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Null when <paramref name="imagePath"/> is a Flatcar image: its <c>manifest.json</c> says <c>os_release.ID</c> is
    /// <c>flatcar</c>, or (no manifest, as for downloaded Flatcar images) its file name starts with <c>flatcar_</c>.
    /// </summary>
    public static string? FlatcarImageMissing(string imagePath)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        var manifest = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(imagePath)) ?? ".", "manifest.json");
        if (File.Exists(manifest))
        {
            string? id = null;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
                id = doc.RootElement.TryGetProperty("os_release", out var os) && os.TryGetProperty("ID", out var v) ? v.GetString() : null;
            }
            catch (JsonException)
            {
                // an unreadable manifest says nothing about Flatcar
            }

            return id == "flatcar" ? null : $"needs a real Flatcar image; {imagePath} is ID={id ?? "unknown"} (manifest.json): set HARNESS_IMAGE to flatcar_production_qemu_uefi_image.img";
        }

        return Path.GetFileName(imagePath).StartsWith("flatcar_", StringComparison.Ordinal)
            ? null
            : $"needs a real Flatcar image; {imagePath} has no manifest.json and is not named flatcar_*: set HARNESS_IMAGE to flatcar_production_qemu_uefi_image.img";
    }

    /// <summary>Null when a TCP connection to <paramref name="host"/>:443 opens within 5 s (name lookup included).</summary>
    public static async Task<string?> InternetMissingAsync(string host = BakeryHost, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ConnectLimit);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, 443, limit.Token);
            return null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no answer within {ConnectLimit.TotalSeconds:0}s" : e.Message;
            return $"needs the internet; {host}:443 is unreachable ({why})";
        }
    }
}
