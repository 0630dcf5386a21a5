using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Releases;

/// <summary>
/// <c>manifest.json</c> of a cached release: written last, into the staging folder, before the folder is renamed to
/// its version, so a folder with a manifest is a verified release. Its <c>version</c> is also what the harness settings
/// read for <c>HARNESS_IMAGE_VERSION</c> when the image beside it is used.
/// </summary>
public sealed record ReleaseManifest
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Release channel.</summary>
    public required string Channel { get; init; }

    /// <summary>Architecture.</summary>
    public required string Arch { get; init; }

    /// <summary>Release version.</summary>
    public required string Version { get; init; }

    /// <summary>Platform of the image.</summary>
    public required string Platform { get; init; }

    /// <summary>The release folder's URL.</summary>
    public required Uri Source { get; init; }

    /// <summary>The pinned primary fingerprint the files were verified against.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>When the release was verified.</summary>
    public required DateTimeOffset Verified { get; init; }

    /// <summary>The verified files.</summary>
    public required IReadOnlyList<ReleaseManifestFile> Files { get; init; }

    /// <summary>Writes the manifest to <paramref name="folder"/>.</summary>
    public Task WriteAsync(string folder, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json), cancellationToken);

    /// <summary>
    /// The manifest of <paramref name="folder"/> when it describes this request's release under the same pinned
    /// fingerprint and every file it lists is there with its recorded size and SHA-512; otherwise null and why.
    /// </summary>
    public static async Task<(ReleaseManifest? Manifest, string? Why)> VerifyAsync(string folder, string channel, string arch, string version, string fingerprint, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return (null, "no manifest");
        }

        ReleaseManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ReleaseManifest>(await File.ReadAllTextAsync(path, cancellationToken), Json);
        }
        catch (JsonException e)
        {
            return (null, $"{path} is not a release manifest ({e.Message})");
        }

        if (manifest is null || manifest.Channel != channel || manifest.Arch != arch || manifest.Version != version)
        {
            return (null, $"{path} describes another release");
        }

        if (manifest.Fingerprint != fingerprint)
        {
            return (null, $"{path} was verified against key {manifest.Fingerprint}, not the pinned {fingerprint}");
        }

        foreach (var file in manifest.Files)
        {
            var local = Path.Combine(folder, file.Name);
            if (!File.Exists(local) || new FileInfo(local).Length != file.Size)
            {
                return (null, $"{local} is missing or not {file.Size} bytes");
            }

            if (await Sha512Async(local, cancellationToken) != file.Sha512)
            {
                return (null, $"{local} does not have the SHA-512 its manifest records");
            }
        }

        return (manifest, null);
    }

    /// <summary>The SHA-512 of a file, lower-case hex.</summary>
    public static async Task<string> Sha512Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA512.HashDataAsync(stream, cancellationToken));
    }
}
