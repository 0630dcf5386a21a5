using System.Text.RegularExpressions;
using Harness.Machines;

namespace Harness.Sysext;

/// <summary>
/// Describes a system extension before it is built: name, version, format, files and extension-release fields.
/// Immutable; every <c>With…</c> returns a copy. Build it with <see cref="SysextBuilder"/>, which calls
/// <see cref="Validate"/> first, so what systemd would refuse is rejected on the host with one clear line.
/// </summary>
public sealed partial record SysextSpec
{
    /// <summary>The folder of release files inside an image.</summary>
    public const string ReleaseFolder = "usr/lib/extension-release.d";

    private SysextSpec(string name) => Name = name;

    /// <summary>The image name: the file name without <c>.raw</c> that the extension-release file must carry.</summary>
    public string Name { get; init; }

    /// <summary>The version, used in the file name <c>NAME-VERSION-ARCH.raw</c>. Default <c>1.0</c>.</summary>
    public string Version { get; init; } = "1.0";

    /// <summary>The packaging. Default <see cref="SysextFormat.Squashfs"/>.</summary>
    public SysextFormat Format { get; init; } = SysextFormat.Squashfs;

    /// <summary>The files, in the order they were added.</summary>
    public IReadOnlyList<SysextFile> Files { get; init; } = [];

    /// <summary>Release fields set in C#; they win over a release file among <see cref="Files"/> and over host defaults.</summary>
    public ExtensionRelease Release { get; init; } = ExtensionRelease.Empty;

    /// <summary>A spec named <paramref name="name"/> with no files (checked by <see cref="Validate"/>).</summary>
    public static SysextSpec Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new SysextSpec(name);
    }

    /// <summary>A copy with version <paramref name="version"/>.</summary>
    public SysextSpec WithVersion(string version) => this with { Version = version };

    /// <summary>A copy packaged as <paramref name="format"/>.</summary>
    public SysextSpec WithFormat(SysextFormat format) => this with { Format = format };

    /// <summary>A copy with a file at <paramref name="path"/> (<c>/usr/…</c> or <c>/opt/…</c>) holding <paramref name="text"/> (UTF-8).</summary>
    public SysextSpec WithFile(string path, string text, int mode = 0b110_100_100)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WithFile(new SysextFile(path) { Content = System.Text.Encoding.UTF8.GetBytes(text), Mode = mode });
    }

    /// <summary>A copy with <paramref name="file"/> added.</summary>
    public SysextSpec WithFile(SysextFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return this with { Files = [.. Files, file with { Path = file.Path.TrimStart('/') }] };
    }

    /// <summary>
    /// A copy with every file under <paramref name="folder"/> added at its relative path (executable files keep mode
    /// 0755, others get 0644). A release file in the folder supplies release fields (C# fields still win).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public SysextSpec WithFilesFrom(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"sysext '{Name}': no folder {root} to take files from");
        }
        var spec = this;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;
            spec = spec.WithFile(new SysextFile(Path.GetRelativePath(root, file).Replace('\\', '/'))
            {
                SourcePath = file,
                Mode = executable ? 0b111_101_101 : 0b110_100_100,
            });
        }
        return spec;
    }

    /// <summary>A copy whose C# release fields are <paramref name="change"/> applied to the current ones.</summary>
    public SysextSpec WithRelease(Func<ExtensionRelease, ExtensionRelease> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return this with { Release = change(Release) };
    }

    /// <summary>
    /// A copy whose unset release fields default to what <paramref name="host"/> accepts: its <c>ID</c>, its
    /// <c>SYSEXT_LEVEL</c> (or, when it has none, its <c>VERSION_ID</c>) and <paramref name="architecture"/>.
    /// </summary>
    public SysextSpec ForHost(OsRelease host, string architecture)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrEmpty(architecture);
        var defaults = new ExtensionRelease
        {
            Id = host.Id,
            SysextLevel = host.SysextLevel,
            VersionId = host.SysextLevel is null ? host.VersionId : null,
            Architecture = architecture,
        };
        return this with { Release = Release.Over(defaults) };
    }

    /// <summary>
    /// <see cref="ForHost"/> with the os-release (<c>/etc/os-release</c>) and architecture (<c>uname -m</c>) of a
    /// running machine.
    /// </summary>
    public async Task<SysextSpec> ForMachineAsync(Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var host = await OsRelease.ReadAsync(machine, cancellationToken);
        var uname = (await machine.SucceedAsync("uname -m", cancellationToken: cancellationToken)).Trim();
        var arch = SysextArchitecture.FromUname(uname)
            ?? throw new SysextSpecException($"sysext '{Name}': {machine.Name} reports machine '{uname}', which has no systemd architecture name here; set ARCHITECTURE with WithRelease");
        return ForHost(host, arch);
    }

    /// <summary>The release file's path inside the image: <c>usr/lib/extension-release.d/extension-release.NAME</c>.</summary>
    public string ReleasePath => $"{ReleaseFolder}/extension-release.{Name}";

    /// <summary>
    /// Checks the spec against what systemd-sysext refuses and returns the release that will be written (the C#
    /// fields over a release file among the files).
    /// </summary>
    /// <exception cref="SysextSpecException">One line: what is wrong, where, and how to fix it.</exception>
    public ExtensionRelease Validate()
    {
        var where = $"sysext '{Name}'";
        if (!NamePattern().IsMatch(Name) || Name.EndsWith(".raw", StringComparison.Ordinal))
        {
            throw new SysextSpecException($"{where}: the name must be letters, digits and '._+-' without a '.raw' suffix (it names /etc/extensions/NAME.raw and the release file)");
        }
        if (!NamePattern().IsMatch(Version))
        {
            throw new SysextSpecException($"{where}: version '{Version}' must be letters, digits and '._+-' (it goes into the file name NAME-VERSION-ARCH.raw)");
        }

        var fromFile = ExtensionRelease.Empty;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Files)
        {
            var path = file.Path;
            var parts = path.Split('/');
            if (path.Length == 0 || parts.Any(p => p is "" or "." or ".."))
            {
                throw new SysextSpecException($"{where}: file path '/{path}' must be a plain path below /usr or /opt (no empty, '.' or '..' parts)");
            }
            if (parts.Length < 2 || (parts[0] != "usr" && parts[0] != "opt"))
            {
                throw new SysextSpecException($"{where}: file /{path} is outside /usr and /opt, the only hierarchies systemd-sysext merges; move it below /usr or /opt (configuration belongs in Ignition)");
            }
            if (!seen.Add(path))
            {
                throw new SysextSpecException($"{where}: file /{path} is declared twice; keep one");
            }
            if (path is "usr/lib/os-release")
            {
                throw new SysextSpecException($"{where}: the image contains /usr/lib/os-release, which systemd-sysext refuses (an extension must not replace the host's os-release); remove it and put the fields into the extension-release file");
            }
            if (path.StartsWith(ReleaseFolder + "/", StringComparison.Ordinal))
            {
                if (path != ReleasePath)
                {
                    throw new SysextSpecException($"{where}: /{path} does not match the image name; systemd-sysext reads only /{ReleasePath} (rename the file or the extension)");
                }
                fromFile = ExtensionRelease.Parse(System.Text.Encoding.UTF8.GetString(file.Content?.ToArray() ?? File.ReadAllBytes(file.SourcePath!)), $"{where}: /{path}");
            }
        }

        var release = Release.Over(fromFile);
        if (string.IsNullOrEmpty(release.Id))
        {
            throw new SysextSpecException($"{where}: the extension-release file has no ID, so systemd-sysext ignores the image; set ID (WithRelease, or ForHost/ForMachineAsync for the target's defaults)");
        }
        if (release.Id != SysextArchitecture.Any && !IdPattern().IsMatch(release.Id))
        {
            throw new SysextSpecException($"{where}: ID '{release.Id}' is not an os-release ID (lower-case letters, digits, '._-') nor '_any'");
        }
        if (release.Architecture is { } arch && !SysextArchitecture.IsValid(arch))
        {
            var hint = SysextArchitecture.Suggest(arch) is { } suggestion ? $" (use '{suggestion}')" : "";
            throw new SysextSpecException($"{where}: ARCHITECTURE '{arch}' is not a systemd architecture name{hint}; systemd-sysext would never match it (valid: x86-64, arm64, … or _any)");
        }
        if (release.Scope is { } scope && scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s is not ("system" or "initrd" or "portable")) is { } badScope)
        {
            throw new SysextSpecException($"{where}: SYSEXT_SCOPE word '{badScope}' is not one of system, initrd, portable");
        }
        return release;
    }

    /// <summary>The image file name, <c>NAME-VERSION-ARCH.raw</c> (Flatcar's bakery convention; <c>_any</c> when no architecture is set).</summary>
    public string FileNameFor(ExtensionRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return $"{Name}-{Version}-{release.Architecture ?? SysextArchitecture.Any}" + (Format == SysextFormat.Directory ? "" : ".raw");
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+\-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-z0-9._\-]+$")]
    private static partial Regex IdPattern();
}
