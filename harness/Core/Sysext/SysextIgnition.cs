using Harness.Ignition;

namespace Harness.Sysext;

/// <summary>
/// Delivers system extensions at provisioning time through Ignition, the way Flatcar's documentation does: the image
/// in <c>/opt/extensions/NAME/NAME-VERSION-ARCH.raw</c> and a link <c>/etc/extensions/NAME.raw</c> pointing at it;
/// a directory extension as its files under <c>/etc/extensions/NAME/</c>.
/// </summary>
public static class SysextIgnition
{
    /// <summary>The largest image embedded as a <c>data:</c> URL (larger ones must be served over HTTP). 256 KiB.</summary>
    public const long MaxDataUrlBytes = 256 * 1024;

    /// <summary>
    /// A copy of <paramref name="config"/> that installs <paramref name="image"/>: fetched by Ignition from
    /// <paramref name="url"/> (verified with its SHA-512) or, when <paramref name="url"/> is null, embedded as a
    /// <c>data:</c> URL (images up to <see cref="MaxDataUrlBytes"/>); plus the <c>/etc/extensions</c> link.
    /// Directory extensions are written file by file (no URL).
    /// </summary>
    /// <exception cref="ArgumentException">The image is too large for a data URL, or a URL was given for a directory.</exception>
    public static IgnitionConfig WithSysext(this IgnitionConfig config, SysextImage image, Uri? url = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(image);
        if (image.Format == SysextFormat.Directory)
        {
            if (url is not null)
            {
                throw new ArgumentException($"sysext '{image.Name}' is a directory extension: Ignition writes its files, there is no image to fetch from {url}", nameof(url));
            }
            foreach (var file in image.Files)
            {
                config = config.WithFile(new IgnitionFile($"{image.GuestLinkPath}/{file.Path}")
                {
                    Contents = IgnitionResource.FromBytes(File.ReadAllBytes(file.SourcePath!)),
                    Mode = file.Mode,
                });
            }
            return config;
        }

        IgnitionResource contents;
        if (url is null)
        {
            var size = new FileInfo(image.Path).Length;
            if (size > MaxDataUrlBytes)
            {
                throw new ArgumentException($"sysext '{image.Name}' ({image.Path}) has {size} bytes, more than the {MaxDataUrlBytes} a data URL may carry here; serve it (Harness.Serving.FileServer) and pass its URL", nameof(url));
            }
            contents = IgnitionResource.FromBytes(File.ReadAllBytes(image.Path)) with { Verification = image.Sha512 };
        }
        else
        {
            contents = new IgnitionResource(url.AbsoluteUri) { Verification = image.Sha512 };
        }
        return config
            .WithFile(new IgnitionFile(image.GuestImagePath) { Contents = contents, Mode = 0b110_100_100 })
            .WithLink(new IgnitionLink(image.GuestLinkPath, image.GuestImagePath) { Overwrite = true });
    }
}
