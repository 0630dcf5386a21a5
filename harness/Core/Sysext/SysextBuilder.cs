using System.Security.Cryptography;
using System.Text;
using Harness.Processes;

namespace Harness.Sysext;

/// <summary>
/// Builds system extensions on the host: stages the files and the extension-release file in a private folder, then
/// packs them with <c>mksquashfs</c> or <c>mkfs.erofs</c> (or keeps the folder for a directory extension). The
/// result is renamed into place, so a failed build leaves nothing behind.
/// </summary>
public sealed class SysextBuilder
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    private readonly IProcessRunner _runner;

    /// <summary>A builder that runs its tools through <paramref name="runner"/> (default <see cref="ProcessRunner.Default"/>).</summary>
    public SysextBuilder(IProcessRunner? runner = null) => _runner = runner ?? ProcessRunner.Default;

    /// <summary>
    /// Validates <paramref name="spec"/> and builds it into <paramref name="outputDirectory"/> (created if needed) as
    /// <c>NAME-VERSION-ARCH.raw</c> (or a folder of that name without <c>.raw</c>), replacing an earlier build.
    /// </summary>
    /// <exception cref="SysextSpecException">systemd would refuse the extension (one line: what, where, fix).</exception>
    /// <exception cref="SysextBuildException">The packing tool is missing or failed.</exception>
    public async Task<SysextImage> BuildAsync(SysextSpec spec, string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("system extensions are built on Linux (file modes, mksquashfs, mkfs.erofs)");
        }
        var release = spec.Validate();
        var output = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(output);
        var target = Path.Combine(output, spec.FileNameFor(release));
        var work = Path.Combine(output, $".{spec.Name}-{Guid.NewGuid():N}.partial");
        var root = Path.Combine(work, "root");
        try
        {
            var files = await StageAsync(spec, release, root, cancellationToken);
            if (spec.Format == SysextFormat.Directory)
            {
                ReplaceDirectory(root, target);
                var moved = files.Select(f => f with { SourcePath = Path.Combine(target, f.Path) }).ToList();
                return new SysextImage(spec.Name, spec.Version, spec.Format, target, release) { Files = moved };
            }

            var packed = Path.Combine(work, "image.raw");
            await PackAsync(spec, root, packed, cancellationToken);
            File.Move(packed, target, overwrite: true);
            return new SysextImage(spec.Name, spec.Version, spec.Format, target, release) { Sha512 = await Sha512Async(target, cancellationToken) };
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task<IReadOnlyList<SysextFile>> StageAsync(SysextSpec spec, ExtensionRelease release, string root, CancellationToken cancellationToken)
    {
        var staged = new List<SysextFile>();
        var directoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        async Task WriteAsync(string relative, byte[] bytes, int mode)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!, directoryMode);
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            File.SetUnixFileMode(path, (UnixFileMode)mode);
            staged.Add(new SysextFile(relative) { SourcePath = path, Mode = mode });
        }

        Directory.CreateDirectory(root, directoryMode);
        foreach (var file in spec.Files.Where(f => f.Path != spec.ReleasePath))
        {
            await WriteAsync(file.Path, await file.ReadAsync(cancellationToken), file.Mode);
        }
        await WriteAsync(spec.ReleasePath, Encoding.UTF8.GetBytes(release.Render()), 0b110_100_100);
        return staged;
    }

    private async Task PackAsync(SysextSpec spec, string root, string image, CancellationToken cancellationToken)
    {
        var (tool, package, arguments) = spec.Format switch
        {
            // -all-root: files are owned by root in the image whoever built it (the bakery's options)
            SysextFormat.Squashfs => ("mksquashfs", "squashfs-tools", new[] { root, image, "-all-root", "-noappend", "-no-progress", "-quiet" }),
            // lz4hc: Debian's erofs-utils 1.5 offers lz4/lz4hc only; a fixed UUID and time make builds reproducible
            SysextFormat.Erofs => ("mkfs.erofs", "erofs-utils", new[] { "-zlz4hc", "--all-root", "-T0", "-U00000000-0000-0000-0000-000000000000", "--quiet", image, root }),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Format, "not an image format"),
        };
        var process = new ProcessSpec(tool, arguments) { Timeout = ToolTimeout };
        ProcessResult result;
        try
        {
            result = await _runner.RunAsync(process, cancellationToken);
        }
        catch (ProcessStartException e)
        {
            throw new SysextBuildException($"sysext '{spec.Name}': cannot run {tool} ({e.Message}); install {package} (scripts/install-prerequisites does)", e);
        }
        if (!result.Succeeded)
        {
            var stderr = string.Join(" | ", result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
            throw new SysextBuildException($"sysext '{spec.Name}': `{process.Display}` exited {result.ExitCode}: {stderr}");
        }
        if (!File.Exists(image))
        {
            throw new SysextBuildException($"sysext '{spec.Name}': `{process.Display}` exited 0 but wrote no {image}");
        }
    }

    private static void ReplaceDirectory(string staged, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
        Directory.Move(staged, target);
    }

    private static async Task<string> Sha512Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA512.HashDataAsync(stream, cancellationToken);
        return "sha512-" + Convert.ToHexStringLower(hash);
    }
}
