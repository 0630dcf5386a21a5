namespace Harness.Sysext;

/// <summary>A built system extension on the host: a <c>.raw</c> image file, or a folder for <see cref="SysextFormat.Directory"/>.</summary>
/// <param name="Name">The image name (<c>/etc/extensions/NAME.raw</c>).</param>
/// <param name="Version">The version in the file name.</param>
/// <param name="Format">The packaging.</param>
/// <param name="Path">The image file, or the extension's root folder (holding <c>usr/…</c>) for a directory.</param>
/// <param name="Release">The extension-release fields written into the image.</param>
public sealed record SysextImage(string Name, string Version, SysextFormat Format, string Path, ExtensionRelease Release)
{
    /// <summary>The architecture in the file name: the release's, or <c>_any</c>.</summary>
    public string Architecture => Release.Architecture ?? SysextArchitecture.Any;

    /// <summary><c>NAME-VERSION-ARCH.raw</c> (Flatcar's bakery convention), or <c>NAME-VERSION-ARCH</c> for a directory.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Where Flatcar keeps versioned images: <c>/opt/extensions/NAME/NAME-VERSION-ARCH.raw</c>.</summary>
    public string GuestImagePath => $"/opt/extensions/{Name}/{FileName}";

    /// <summary>The name systemd-sysext finds: <c>/etc/extensions/NAME.raw</c>, or the folder <c>/etc/extensions/NAME</c>.</summary>
    public string GuestLinkPath => Format == SysextFormat.Directory ? $"/etc/extensions/{Name}" : $"/etc/extensions/{Name}.raw";

    /// <summary>The image's SHA-512 as Ignition verifies it (<c>sha512-…</c>); null for a directory.</summary>
    public string? Sha512 { get; init; }

    /// <summary>The files of a directory extension, relative to <see cref="Path"/> (<c>usr/…</c>), with their modes; empty for images.</summary>
    public IReadOnlyList<SysextFile> Files { get; init; } = [];
}
