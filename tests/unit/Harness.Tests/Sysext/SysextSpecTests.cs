using Harness.Sysext;

namespace Harness.Tests.Sysext;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SysextSpecTests
{
    private static SysextSpec Hello => SysextSpec.Create("hello").ForHost(Hosts.Contract, "x86-64");

    [Theory]
    [InlineData("/etc/hello.conf", "sysext 'hello': file /etc/hello.conf is outside /usr and /opt, the only hierarchies systemd-sysext merges; move it below /usr or /opt (configuration belongs in Ignition)")]
    [InlineData("/var/lib/hello", "sysext 'hello': file /var/lib/hello is outside /usr and /opt, the only hierarchies systemd-sysext merges; move it below /usr or /opt (configuration belongs in Ignition)")]
    [InlineData("/usr", "sysext 'hello': file /usr is outside /usr and /opt, the only hierarchies systemd-sysext merges; move it below /usr or /opt (configuration belongs in Ignition)")]
    [InlineData("/usr/../etc/passwd", "sysext 'hello': file path '/usr/../etc/passwd' must be a plain path below /usr or /opt (no empty, '.' or '..' parts)")]
    [InlineData("/usr/lib/os-release", "sysext 'hello': the image contains /usr/lib/os-release, which systemd-sysext refuses (an extension must not replace the host's os-release); remove it and put the fields into the extension-release file")]
    [InlineData("/usr/lib/extension-release.d/extension-release.other", "sysext 'hello': /usr/lib/extension-release.d/extension-release.other does not match the image name; systemd-sysext reads only /usr/lib/extension-release.d/extension-release.hello (rename the file or the extension)")]
    public void Files_systemd_would_refuse_are_rejected_with_one_line(string path, string message)
    {
        var e = Assert.Throws<SysextSpecException>(() => Hello.WithFile(path, "x").Validate());

        Assert.Equal(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("amd64", "sysext 'hello': ARCHITECTURE 'amd64' is not a systemd architecture name (use 'x86-64'); systemd-sysext would never match it (valid: x86-64, arm64, … or _any)")]
    [InlineData("x86_64", "sysext 'hello': ARCHITECTURE 'x86_64' is not a systemd architecture name (use 'x86-64'); systemd-sysext would never match it (valid: x86-64, arm64, … or _any)")]
    [InlineData("pdp11", "sysext 'hello': ARCHITECTURE 'pdp11' is not a systemd architecture name; systemd-sysext would never match it (valid: x86-64, arm64, … or _any)")]
    public void Unknown_architectures_are_rejected(string arch, string message)
    {
        var e = Assert.Throws<SysextSpecException>(() => Hello.WithRelease(r => r with { Architecture = arch }).Validate());

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_release_without_ID_is_rejected()
    {
        var e = Assert.Throws<SysextSpecException>(() => SysextSpec.Create("hello").WithRelease(r => r with { SysextLevel = "1.0" }).Validate());

        Assert.Equal("sysext 'hello': the extension-release file has no ID, so systemd-sysext ignores the image; set ID (WithRelease, or ForHost/ForMachineAsync for the target's defaults)", e.Message);
    }

    [Theory]
    [InlineData("hello.raw")]
    [InlineData("-hello")]
    [InlineData("hel/lo")]
    [InlineData("")]
    public void Bad_names_are_rejected(string name)
    {
        var e = Assert.Throws<SysextSpecException>(() => SysextSpec.Create(name).ForHost(Hosts.Contract, "x86-64").Validate());

        Assert.StartsWith($"sysext '{name}': the name must be", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_declared_twice_is_rejected()
    {
        var e = Assert.Throws<SysextSpecException>(() => Hello.WithFile("/usr/bin/a", "1").WithFile("usr/bin/a", "2").Validate());

        Assert.Equal("sysext 'hello': file /usr/bin/a is declared twice; keep one", e.Message);
    }

    [Fact]
    public void Wrong_but_well_formed_release_fields_are_allowed_so_tests_can_provoke_refusals()
    {
        var release = Hello.WithRelease(r => r with { Id = "flatcar", SysextLevel = "2.0", Architecture = "arm64" }).Validate();

        Assert.False(SysextMatcher.Match(release, Hosts.Contract, "x86-64").Accepted);
    }

    [Fact]
    public void Files_from_a_folder_keep_their_relative_paths_and_executable_bit()
    {
        var folder = Directory.CreateTempSubdirectory("sysext-spec-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "usr", "bin"));
            File.WriteAllText(Path.Combine(folder.FullName, "usr", "bin", "tool"), "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(folder.FullName, "usr", "bin", "tool"), (UnixFileMode)0b111_101_101);
            Directory.CreateDirectory(Path.Combine(folder.FullName, "opt", "tool"));
            File.WriteAllText(Path.Combine(folder.FullName, "opt", "tool", "data"), "data\n");

            var spec = Hello.WithFilesFrom(folder.FullName);

            Assert.Equal(["opt/tool/data:644", "usr/bin/tool:755"], spec.Files.Select(f => $"{f.Path}:{Convert.ToString(f.Mode, 8)}"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void File_name_follows_the_bakery_convention()
    {
        var spec = Hello.WithVersion("2.1");

        Assert.Equal("hello-2.1-x86-64.raw", spec.FileNameFor(spec.Validate()));
        Assert.Equal("hello-2.1-x86-64", spec.WithFormat(SysextFormat.Directory).FileNameFor(spec.Validate()));
    }
}
