namespace Harness.Sysext;

/// <summary>One image <c>systemd-sysext list</c> found: its name, type and the path it was found at.</summary>
/// <param name="Name">The extension name (<c>docker-flatcar</c>).</param>
/// <param name="Type">systemd's image type: <c>raw</c>, <c>directory</c>, <c>subvolume</c> or <c>block</c>.</param>
/// <param name="Path">Where it was found (<c>/etc/extensions/docker-flatcar.raw</c>), not where a link points.</param>
public sealed record SysextListEntry(string Name, string Type, string Path);
