using Harness.Processes;
using Harness.Sysext;
using Harness.Tests.Processes;

namespace Harness.Tests.Sysext;

/// <summary>The builder's staging, tool calls and clean-up, with a fake process runner (no tools needed).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SysextBuilderTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("sysext-builder-");

    private static SysextSpec Hello => SysextSpec.Create("hello").WithVersion("1.2")
        .ForHost(Hosts.Contract, "x86-64")
        .WithFile("/usr/bin/hello", "#!/bin/sh\necho hello\n", 0b111_101_101)
        .WithFile("/opt/hello/data", "data\n");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public async Task Squashfs_is_packed_by_mksquashfs_all_root_from_a_staged_tree()
    {
        string[]? staged = null;
        string? release = null;
        var runner = new FakeProcessRunner().On(s => s.FileName == "mksquashfs", s =>
        {
            var root = s.Arguments[0];
            staged = [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
            release = File.ReadAllText(Path.Combine(root, "usr/lib/extension-release.d/extension-release.hello"));
            File.WriteAllText(s.Arguments[1], "squashfs image");
            return FakeProcessRunner.Ok();
        });

        var image = await new SysextBuilder(runner).BuildAsync(Hello, _out.FullName);

        var call = Assert.Single(runner.Calls);
        Assert.Equal(["-all-root", "-noappend", "-no-progress", "-quiet"], call.Arguments.Skip(2));
        Assert.Equal(["opt/hello/data", "usr/bin/hello", "usr/lib/extension-release.d/extension-release.hello"], staged!);
        Assert.Equal("ID=contract\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64\n", release);
        Assert.Equal(Path.Combine(_out.FullName, "hello-1.2-x86-64.raw"), image.Path);
        Assert.Equal("/opt/extensions/hello/hello-1.2-x86-64.raw", image.GuestImagePath);
        Assert.Equal("/etc/extensions/hello.raw", image.GuestLinkPath);
        Assert.StartsWith("sha512-", image.Sha512, StringComparison.Ordinal);
        Assert.Equal(["hello-1.2-x86-64.raw"], _out.EnumerateFileSystemInfos().Select(f => f.Name));
    }

    [Fact]
    public async Task Erofs_is_packed_by_mkfs_erofs_with_lz4hc()
    {
        var runner = new FakeProcessRunner().On(s => s.FileName == "mkfs.erofs", s =>
        {
            File.WriteAllText(s.Arguments[^2], "erofs image");
            return FakeProcessRunner.Ok();
        });

        var image = await new SysextBuilder(runner).BuildAsync(Hello.WithFormat(SysextFormat.Erofs), _out.FullName);

        var call = Assert.Single(runner.Calls);
        Assert.Equal(["-zlz4hc", "--all-root", "-T0", "-U00000000-0000-0000-0000-000000000000", "--quiet"], call.Arguments.Take(5));
        Assert.Equal(SysextFormat.Erofs, image.Format);
        Assert.True(File.Exists(image.Path));
    }

    [Fact]
    public async Task A_failing_tool_leaves_nothing_behind_and_says_why_in_one_line()
    {
        var runner = new FakeProcessRunner().On(s => s.FileName == "mksquashfs", _ => FakeProcessRunner.Exit(1, "FATAL ERROR: no space\n"));

        var e = await Assert.ThrowsAsync<SysextBuildException>(() => new SysextBuilder(runner).BuildAsync(Hello, _out.FullName));

        Assert.StartsWith("sysext 'hello': `mksquashfs ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("exited 1: FATAL ERROR: no space", e.Message, StringComparison.Ordinal);
        Assert.Empty(_out.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task A_missing_tool_names_the_package_to_install()
    {
        var runner = new FakeProcessRunner().On(s => true, _ => throw new ProcessStartException("could not start `mkfs.erofs`: No such file or directory"));

        var e = await Assert.ThrowsAsync<SysextBuildException>(() => new SysextBuilder(runner).BuildAsync(Hello.WithFormat(SysextFormat.Erofs), _out.FullName));

        Assert.Contains("install erofs-utils (scripts/install-prerequisites does)", e.Message, StringComparison.Ordinal);
        Assert.Empty(_out.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task A_refused_spec_fails_before_any_tool_runs()
    {
        var runner = new FakeProcessRunner();

        await Assert.ThrowsAsync<SysextSpecException>(() => new SysextBuilder(runner).BuildAsync(Hello.WithFile("/etc/x", "x"), _out.FullName));

        Assert.Empty(runner.Calls);
        Assert.Empty(_out.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task A_directory_extension_is_the_staged_tree_with_modes()
    {
        var runner = new FakeProcessRunner();

        var image = await new SysextBuilder(runner).BuildAsync(Hello.WithFormat(SysextFormat.Directory), _out.FullName);

        Assert.Empty(runner.Calls);
        Assert.Equal(Path.Combine(_out.FullName, "hello-1.2-x86-64"), image.Path);
        Assert.Equal("/etc/extensions/hello", image.GuestLinkPath);
        Assert.Equal(
            ["opt/hello/data:644", "usr/bin/hello:755", "usr/lib/extension-release.d/extension-release.hello:644"],
            image.Files.Select(f => $"{f.Path}:{Convert.ToString(f.Mode, 8)}").Order(StringComparer.Ordinal));
        Assert.All(image.Files, f => Assert.True(File.Exists(f.SourcePath), f.SourcePath));
        Assert.Equal("#!/bin/sh\necho hello\n", File.ReadAllText(Path.Combine(image.Path, "usr/bin/hello")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(image.Path, "usr/bin/hello")));
    }
}
