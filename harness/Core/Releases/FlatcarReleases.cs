namespace Harness.Releases;

/// <summary>
/// Facts about Flatcar's release servers the fetcher relies on (docs/flatcar-conformance.md, section "Releases", has
/// the sources): the channels, the per-arch board folders, the signing key and the file names of a platform's image.
/// </summary>
public static class FlatcarReleases
{
    /// <summary>
    /// Primary key fingerprint of the Flatcar image signing key ("Flatcar Buildbot (Official Builds)"), as pinned by
    /// mantle's sdk/verify.go and flatcar/init's bin/flatcar-install.
    /// </summary>
    public const string SigningKeyFingerprint = "F88CFEDEFF29A5B4D9523864E25D9AED0593B34A";

    /// <summary>Where Flatcar publishes the current key file (the only place with the newest signing subkey).</summary>
    public static readonly Uri SigningKeyUrl = new("https://www.flatcar.org/security/image-signing-key/Flatcar_Image_Signing_Key.asc");

    /// <summary>The release channels.</summary>
    public static readonly IReadOnlyList<string> Channels = ["alpha", "beta", "stable", "lts"];

    /// <summary>The architectures Flatcar publishes.</summary>
    public static readonly IReadOnlyList<string> Arches = ["amd64", "arm64"];

    /// <summary>The platforms this fetcher knows the files of.</summary>
    public static readonly IReadOnlyList<string> Platforms = ["qemu_uefi"];

    /// <summary>A channel's release server, <c>https://&lt;channel&gt;.release.flatcar-linux.net/</c>.</summary>
    public static Uri BaseUrl(string channel) => new($"https://{channel}.release.flatcar-linux.net/");

    /// <summary>The board folder of an architecture (<c>amd64-usr</c>).</summary>
    public static string Board(string arch) => $"{arch}-usr";

    /// <summary>
    /// The files of <paramref name="platform"/> the catalog needs, as image_to_vm.sh names them
    /// (<c>flatcar_production_&lt;platform&gt;_image.img</c>, published compressed as <c>.img.bz2</c> and, for qemu and
    /// qemu_uefi, also uncompressed; the UEFI code and variables beside it), then what the cl.update tests can use where
    /// the folder has it.
    /// </summary>
    public static IReadOnlyList<ReleaseFile> FilesFor(string platform) =>
    [
        new(ReleaseFileRole.Image, $"flatcar_production_{platform}_image.img", Required: true, Compressed: $"flatcar_production_{platform}_image.img.bz2"),
        new(ReleaseFileRole.FirmwareCode, $"flatcar_production_{platform}_efi_code.qcow2", Required: true),
        new(ReleaseFileRole.FirmwareVars, $"flatcar_production_{platform}_efi_vars.qcow2", Required: true),
        new(ReleaseFileRole.UpdatePayload, "flatcar_test_update.gz", Required: false),
        new(ReleaseFileRole.OemExtension, "oem-qemu.gz", Required: false),
    ];
}
