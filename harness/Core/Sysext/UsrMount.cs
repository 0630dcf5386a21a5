namespace Harness.Sysext;

/// <summary>One mount stacked on <c>/usr</c>, bottom first: the verity device, then the extensions' overlay.</summary>
/// <param name="Source">findmnt's SOURCE (<c>/dev/mapper/usr</c>, <c>overlay</c>).</param>
/// <param name="FsType">findmnt's FSTYPE (<c>erofs</c>, <c>btrfs</c>, <c>overlay</c>).</param>
public sealed record UsrMount(string Source, string FsType);
