namespace Harness.Releases;

/// <summary>A verified release in the cache, and the settings that run the catalog on it.</summary>
/// <param name="Folder">The release's cache folder.</param>
/// <param name="Manifest">Its manifest.</param>
/// <param name="Reused">True when the cache already held it verified (nothing was downloaded).</param>
public sealed record FetchedRelease(string Folder, ReleaseManifest Manifest, bool Reused)
{
    /// <summary>The cached path of the file with <paramref name="role"/>, or null when the release has none.</summary>
    public string? PathOf(ReleaseFileRole role) =>
        Manifest.Files.FirstOrDefault(f => f.Role == role) is { } file ? Path.Combine(Folder, file.Name) : null;

    /// <summary>
    /// <c>export NAME=value</c> lines (shell-quoted) for the harness settings: image, firmware, version, channel, and
    /// the arch when it is not the default. The update payload of this version is not a setting for this image (the
    /// cl.update tests update an older image to it), so it is named in a comment.
    /// </summary>
    public IReadOnlyList<string> SettingsLines()
    {
        var lines = new List<string>
        {
            Export("HARNESS_IMAGE", PathOf(ReleaseFileRole.Image)!),
            Export("HARNESS_FIRMWARE_CODE", PathOf(ReleaseFileRole.FirmwareCode)!),
            Export("HARNESS_FIRMWARE_VARS", PathOf(ReleaseFileRole.FirmwareVars)!),
            Export("HARNESS_IMAGE_VERSION", Manifest.Version),
            Export("HARNESS_CHANNEL", Manifest.Channel),
        };
        if (Manifest.Arch != "amd64")
        {
            lines.Add(Export("HARNESS_ARCH", Manifest.Arch));
        }

        if (PathOf(ReleaseFileRole.UpdatePayload) is { } payload)
        {
            lines.Add($"# {Manifest.Version}'s update payload, for cl.update.* run on an older image: HARNESS_UPDATE_PAYLOAD={Processes.ShellQuote.ForDisplay(payload)} HARNESS_UPDATE_VERSION={Manifest.Version}");
        }

        return lines;
    }

    private static string Export(string name, string value) => $"export {name}={Processes.ShellQuote.ForDisplay(value)}";
}
