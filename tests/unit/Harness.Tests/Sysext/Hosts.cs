using Harness.Sysext;

namespace Harness.Tests.Sysext;

/// <summary>Host os-release samples: the contract image, Flatcar, and hosts without a level or any version.</summary>
internal static class Hosts
{
    public static OsRelease Contract { get; } = OsRelease.Parse(
        "NAME=\"Contract Linux\"\nID=contract\nID_LIKE=flatcar\nVERSION=1.0.0\nVERSION_ID=1.0.0\nSYSEXT_LEVEL=1.0\n");

    public static OsRelease Flatcar { get; } = OsRelease.Parse(
        "NAME=\"Flatcar Container Linux by Kinvolk\"\nID=\"flatcar\"\nID_LIKE=coreos\nVERSION_ID=4230.2.1\nSYSEXT_LEVEL=\"1.0\"\n");

    public static OsRelease Debian { get; } = OsRelease.Parse("ID=debian\nVERSION_ID=\"12\"\n");

    public static OsRelease Rolling { get; } = OsRelease.Parse("ID=arch\n");
}
