namespace Harness.Sysext;

/// <summary>How a system extension is packaged (systemd-sysext(8): plain directories and naked filesystem images).</summary>
public enum SysextFormat
{
    /// <summary>A plain directory tree (<c>/etc/extensions/NAME/usr/…</c>).</summary>
    Directory,

    /// <summary>A squashfs image built with <c>mksquashfs</c> (the Flatcar bakery's default), <c>NAME.raw</c>.</summary>
    Squashfs,

    /// <summary>An erofs image built with <c>mkfs.erofs</c> (lz4hc), <c>NAME.raw</c>.</summary>
    Erofs,
}
