using Harness.Processes;
using Harness.Sysext;

namespace Harness.Tests.Sysext;

/// <summary>
/// Real builds with the host's mksquashfs and mkfs.erofs (milliseconds), read back with unsquashfs and fsck.erofs.
/// Skipped, with the reason, when the tools are not installed (scripts/install-prerequisites installs them).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SysextToolTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("sysext-tools-");

    private static SysextSpec Hello => SysextSpec.Create("hello")
        .ForHost(Hosts.Contract, "x86-64")
        .WithFile("/usr/bin/hello", "#!/bin/sh\necho hello\n", 0b111_101_101)
        .WithFile("/usr/share/hello/greeting", "sysext works\n");

    public void Dispose() => _out.Delete(recursive: true);

    [SkippableFact]
    public async Task Squashfs_image_holds_the_files_the_release_and_root_ownership()
    {
        Skip.If(!OnPath("mksquashfs") || !OnPath("unsquashfs"), "mksquashfs/unsquashfs not installed (package squashfs-tools)");

        var image = await new SysextBuilder().BuildAsync(Hello, _out.FullName);

        var listing = await RunAsync("unsquashfs", "-lln", image.Path);
        Assert.Matches(@"-rwxr-xr-x 0/0 +\d+ \S+ \S+ squashfs-root/usr/bin/hello", listing);
        Assert.Matches(@"-rw-r--r-- 0/0 +\d+ \S+ \S+ squashfs-root/usr/lib/extension-release.d/extension-release.hello", listing);
        Assert.Equal("ID=contract\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64\n",
            await RunAsync("unsquashfs", "-cat", image.Path, "usr/lib/extension-release.d/extension-release.hello"));
        Assert.Equal("sysext works\n", await RunAsync("unsquashfs", "-cat", image.Path, "usr/share/hello/greeting"));
    }

    [SkippableFact]
    public async Task Erofs_image_extracts_to_the_same_tree()
    {
        Skip.If(!OnPath("mkfs.erofs") || !OnPath("fsck.erofs"), "mkfs.erofs/fsck.erofs not installed (package erofs-utils)");

        var image = await new SysextBuilder().BuildAsync(Hello.WithFormat(SysextFormat.Erofs), _out.FullName);

        var extracted = Path.Combine(_out.FullName, "extracted");
        await RunAsync("fsck.erofs", $"--extract={extracted}", image.Path);
        Assert.Equal("sysext works\n", File.ReadAllText(Path.Combine(extracted, "usr/share/hello/greeting")));
        Assert.Equal("ID=contract\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64\n",
            File.ReadAllText(Path.Combine(extracted, "usr/lib/extension-release.d/extension-release.hello")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(extracted, "usr/bin/hello")));
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var spec = new ProcessSpec(tool, arguments) { Timeout = TimeSpan.FromSeconds(60) };
        var result = await ProcessRunner.Default.RunAsync(spec, CancellationToken.None);
        Assert.True(result.Succeeded, $"`{spec.Display}` exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }
}
