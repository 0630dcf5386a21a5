using Harness.Ignition;
using Harness.Sysext;
using Harness.Tests.Ignition;

namespace Harness.Tests.Sysext;

public sealed class SysextIgnitionTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("sysext-ignition-");

    public void Dispose() => _out.Delete(recursive: true);

    private SysextImage RawImage(int size)
    {
        var path = Path.Combine(_out.FullName, "hello-1.0-x86-64.raw");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, size).Select(i => (byte)(i % 7))]);
        return new SysextImage("hello", "1.0", SysextFormat.Squashfs, path, new ExtensionRelease { Id = "contract", Architecture = "x86-64" })
        {
            Sha512 = "sha512-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(path))),
        };
    }

    [Fact]
    public void Served_image_is_fetched_from_its_URL_with_its_hash_and_linked_as_Flatcar_does()
    {
        var image = RawImage(1000);

        var config = IgnitionConfig.Empty.WithSysext(image, new Uri("http://10.0.2.2:41234/sysext/hello-1.0-x86-64.raw"));

        var file = Assert.Single(config.Files);
        Assert.Equal("/opt/extensions/hello/hello-1.0-x86-64.raw", file.Path);
        Assert.Equal("http://10.0.2.2:41234/sysext/hello-1.0-x86-64.raw", file.Contents!.Source);
        Assert.Equal(image.Sha512, file.Contents.Verification);
        var link = Assert.Single(config.Links);
        Assert.Equal(new IgnitionLink("/etc/extensions/hello.raw", "/opt/extensions/hello/hello-1.0-x86-64.raw") { Overwrite = true }, link);
    }

    [Fact]
    public void Small_image_is_embedded_as_a_data_URL_that_decodes_to_its_bytes()
    {
        var image = RawImage(4096);

        var file = Assert.Single(IgnitionConfig.Empty.WithSysext(image).Files);

        Assert.StartsWith("data:", file.Contents!.Source, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(image.Path), file.Contents.DecodeData());
        Assert.Equal(image.Sha512, file.Contents.Verification);
    }

    [Fact]
    public void Large_image_without_a_URL_is_refused_with_the_fix()
    {
        var image = RawImage((int)SysextIgnition.MaxDataUrlBytes + 1);

        var e = Assert.Throws<ArgumentException>(() => IgnitionConfig.Empty.WithSysext(image));

        Assert.Contains("serve it (Harness.Serving.FileServer) and pass its URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_extension_renders_as_its_golden_config()
    {
        var spec = SysextSpec.Create("test").ForHost(Hosts.Contract, "x86-64").WithFormat(SysextFormat.Directory)
            .WithFile("/usr/hello-sysext", "sysext works\n");
        var image = await new SysextBuilder(new Harness.Tests.Processes.FakeProcessRunner()).BuildAsync(spec, _out.FullName);

        var config = IgnitionConfig.Empty.WithSysext(image);

        Golden.AssertMatches(Path.Combine(ReleaseGolden.Folder, "directory-extension.ign.json"), config);
    }
}
