using System.Security.Cryptography;
using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Ignition;

/// <summary>cl.ignition.files: regular files from Ignition — mode, owner, every content source, overwrite and append.</summary>
public sealed class IgnitionFiles
{
    [OsTest("cl.ignition.files", FreshBoot = true)]
    public async Task Files_take_mode_owner_and_content_from_Ignition()
    {
        var spec = MachineSpec.FromButaneFile("ignition/files.bu");
        // The large repetitive file is meant to exercise Ignition's gzip path through Butane's own compression.
        Assert.Equal("gzip", spec.Ignition.Files.Single(f => f.Path == "/var/lib/kola/compressible.txt").Contents?.Compression);
        await using var vm = await Session.StartAsync(spec);

        // modes
        Assert.Equal("600 root:root", await StatAsync(vm, "%a %U:%G", "/etc/kola/mode-0600"));
        Assert.Equal("only root reads this\n", await vm.SucceedAsync("sudo cat /etc/kola/mode-0600"));
        await vm.FailAsync("cat /etc/kola/mode-0600");
        Assert.Equal("755 root:root", await StatAsync(vm, "%a %U:%G", "/opt/kola/bin/tool.sh"));
        Assert.Equal("tool ran as core\n", await vm.SucceedAsync("/opt/kola/bin/tool.sh"));
        Assert.Equal("644 root:root", await StatAsync(vm, "%a %U:%G", "/etc/kola/default-mode"));

        // ownership by name (user and group created by the same config) and by numeric id
        Assert.Equal("640 kolafiles:kolafilesgroup 2600:2601", await StatAsync(vm, "%a %U:%G %u:%g", "/var/lib/kola/owned-by-name"));
        Assert.Equal("644 4242:4343", await StatAsync(vm, "%a %u:%g", "/var/lib/kola/owned-by-id"));

        // data URLs, plain and base64
        Assert.Equal("hello plain data URL\n", await vm.SucceedAsync("cat /etc/kola/data-plain"));
        Assert.Equal("hello base64\n", await vm.SucceedAsync("cat /etc/kola/data-base64"));

        // gzip: pre-compressed data URL (with a verified hash), pre-compressed local file, Butane-compressed file
        Assert.Equal("gzip via data URL\n", await vm.SucceedAsync("cat /etc/kola/gzip-data-url"));
        Assert.Equal("pre-gzipped local file\nsecond line\n", await vm.SucceedAsync("cat /etc/kola/gzip-local"));
        var expected = Convert.ToHexStringLower(SHA256.HashData(await Assets.ReadBytesAsync("ignition/files/compressible.txt")));
        Assert.Equal(expected, await vm.OutputAsync("sha256sum < /var/lib/kola/compressible.txt | cut -d' ' -f1"));

        // overwrite: the image's /etc/motd is replaced by a regular file with the configured content
        Assert.Equal("regular file 644 root:root", await StatAsync(vm, "%F %a %U:%G", "/etc/motd"));
        Assert.Equal("motd replaced by Ignition\n", await vm.SucceedAsync("cat /etc/motd"));

        // append: contents, then each fragment in order
        Assert.Equal("first\nsecond\nthird\n", await vm.SucceedAsync("cat /etc/kola/appended"));
    }

    private static async Task<string> StatAsync(Machine vm, string format, string path) =>
        await vm.OutputAsync($"sudo stat -c '{format}' {path}");
}
