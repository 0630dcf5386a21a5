using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Qemu;

/// <summary>
/// KVM probe verdicts per (QEMU binary and version, kernel release, guest architecture), in
/// <c>STATE/accelerator-cache.json</c>, so later runs skip the probe. Delete the file to probe again.
/// </summary>
internal sealed class AcceleratorCache(string path, TimeProvider time, ILogger logger)
{
    /// <summary>The cache file.</summary>
    public string FilePath { get; } = path;

    /// <summary>The key of one host/QEMU combination.</summary>
    public static string Key(string binary, string versionLine, string kernelRelease, Harness.Machines.Arch arch) =>
        $"{binary}|{versionLine}|{kernelRelease}|{arch.ToString().ToLowerInvariant()}";

    /// <summary>The cached verdict for <paramref name="key"/>, with the date it was probed; null when there is none.</summary>
    public (AcceleratorVerdict Verdict, DateTimeOffset ProbedAt)? TryGet(string key)
    {
        if (Load()[key] is not JsonObject entry
            || entry["kvm"] is not JsonValue kvmValue || !kvmValue.TryGetValue<bool>(out var kvm)
            || entry["reason"] is not JsonValue reasonValue || !reasonValue.TryGetValue<string>(out var reason))
        {
            return null;
        }

        var probedAt = entry["probedAt"] is JsonValue v && v.TryGetValue<DateTimeOffset>(out var at) ? at : DateTimeOffset.MinValue;
        return (new AcceleratorVerdict(kvm, reason), probedAt);
    }

    /// <summary>Stores <paramref name="verdict"/> for <paramref name="key"/> (atomic rewrite; a failure is logged, not thrown).</summary>
    public void Store(string key, AcceleratorVerdict verdict)
    {
        try
        {
            var all = Load();
            all[key] = new JsonObject
            {
                ["kvm"] = verdict.Kvm,
                ["reason"] = verdict.Reason,
                ["probedAt"] = time.GetUtcNow(),
            };
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var temp = FilePath + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllText(temp, all.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CacheWriteFailed(logger, FilePath, e.Message);
        }
    }

    private JsonObject Load()
    {
        try
        {
            return File.Exists(FilePath) ? JsonNode.Parse(File.ReadAllText(FilePath)) as JsonObject ?? [] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return [];
        }
    }
}
