using Harness.Machines;

namespace Harness.Sysext;

/// <summary>
/// systemd's architecture names (<c>ConditionArchitecture=</c>, <c>ARCHITECTURE=</c> in extension-release files):
/// <c>x86-64</c>, <c>arm64</c>, … plus <c>_any</c>, which matches every host.
/// </summary>
public static class SysextArchitecture
{
    /// <summary>The wildcard: the extension matches every architecture.</summary>
    public const string Any = "_any";

    /// <summary>The names systemd 252 knows (<c>src/basic/architecture.c</c>).</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "alpha", "arc", "arc-be", "arm", "arm-be", "arm64", "arm64-be", "cris", "ia64", "loongarch64", "m68k",
        "mips", "mips-le", "mips64", "mips64-le", "nios2", "parisc", "parisc64", "ppc", "ppc-le", "ppc64",
        "ppc64-le", "riscv32", "riscv64", "s390", "s390x", "sh", "sh64", "sparc", "sparc64", "tilegx", "x86", "x86-64",
    };

    /// <summary>True when systemd accepts <paramref name="name"/> as an <c>ARCHITECTURE=</c> value.</summary>
    public static bool IsValid(string name) => name == Any || Known.Contains(name);

    /// <summary>systemd's name for the harness architecture: <c>x86-64</c> for amd64, <c>arm64</c> for arm64.</summary>
    public static string FromArch(Arch arch) => arch switch
    {
        Arch.Amd64 => "x86-64",
        Arch.Arm64 => "arm64",
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "no systemd architecture name for this architecture"),
    };

    /// <summary>
    /// systemd's name for a kernel machine name (<c>uname -m</c>: <c>x86_64</c> → <c>x86-64</c>, <c>aarch64</c> →
    /// <c>arm64</c>); <c>null</c> when unknown.
    /// </summary>
    public static string? FromUname(string machine) => machine.Trim() switch
    {
        "x86_64" => "x86-64",
        "aarch64" => "arm64",
        "i386" or "i486" or "i586" or "i686" => "x86",
        "riscv64" => "riscv64",
        "s390x" => "s390x",
        "ppc64le" => "ppc64-le",
        "ppc64" => "ppc64",
        "loongarch64" => "loongarch64",
        _ => null,
    };

    /// <summary>A hint for names people often write instead of systemd's (<c>amd64</c> → <c>x86-64</c>).</summary>
    internal static string? Suggest(string name) => name.ToLowerInvariant() switch
    {
        "amd64" or "x86_64" or "x64" => "x86-64",
        "aarch64" or "arm64-usr" => "arm64",
        "any" or "*" => Any,
        _ => null,
    };
}
