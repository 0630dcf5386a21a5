namespace Harness.Machines;

/// <summary>CPU architecture of an image and of the machines booted from it.</summary>
public enum Arch
{
    /// <summary>x86-64 (Flatcar board <c>amd64-usr</c>).</summary>
    Amd64,

    /// <summary>AArch64 (Flatcar board <c>arm64-usr</c>).</summary>
    Arm64,
}
