using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Mismatch;

/// <summary>
/// sysext.mismatch: extensions for another OS ID, another SYSEXT_LEVEL or another architecture are refused by
/// systemd-sysext — nothing is merged and <c>/usr</c> is exactly as before — for the reasons the harness's matcher
/// gives; a matching extension added next to them is merged, so the refusals are not a broken setup.
/// </summary>
public sealed class Mismatch
{
    [OsTest("sysext.mismatch")]
    public async Task Extensions_for_another_ID_level_or_architecture_are_refused_and_usr_is_unchanged()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var host = await OsRelease.ReadAsync(vm);
        var arch = SysextArchitecture.FromUname(await vm.SucceedAsync("uname -m"))!;
        var otherArch = arch == "arm64" ? "x86-64" : "arm64";
        (string Name, Func<ExtensionRelease, ExtensionRelease> Change, string Reason)[] refused =
        [
            ("wrong-id", r => r with { Id = "flatcar" }, $"ID 'flatcar' does not match the host's ID '{host.Id}' (systemd 252 ignores ID_LIKE)"),
            ("wrong-level", r => r with { SysextLevel = "2.0" }, $"SYSEXT_LEVEL '2.0' does not match the host's SYSEXT_LEVEL '{host.SysextLevel}'"),
            ("wrong-arch", r => r with { Architecture = otherArch }, $"ARCHITECTURE '{otherArch}' is not the host's '{arch}'"),
        ];
        var builder = new SysextBuilder();
        var folder = SysextWork.Folder();
        foreach (var (name, change, reason) in refused)
        {
            var spec = SysextSpec.Create(name).WithFile($"/usr/share/{name}/marker", name + "\n").WithRelease(change).ForHost(host, arch);
            var image = await builder.BuildAsync(spec, folder);
            Assert.Equal(new SysextMatch(false, reason), SysextMatcher.Match(image.Release, host, arch));
            await vm.InstallSysextAsync(image);
        }
        await vm.CopyToAsync(Assets.Path("Support/usr-fingerprint.sh"), "/tmp/usr-fingerprint.sh");
        var before = await vm.SucceedAsync("sudo bash /tmp/usr-fingerprint.sh");

        var refresh = await vm.RefreshSysextAsync();

        Assert.True((await vm.MergedSysextsAsync()).Count == 0, $"an incompatible extension was merged; refresh said:\n{refresh.Stderr}");
        Assert.Empty((await vm.SysextStatusAsync()).MergedInto("/usr"));
        Assert.Equal(before, await vm.SucceedAsync("sudo bash /tmp/usr-fingerprint.sh"));
        foreach (var (name, _, _) in refused)
        {
            Assert.Equal("absent", (await vm.SucceedAsync($"test -e /usr/share/{name} && echo present || echo absent")).Trim());
            Assert.Contains($"'{name}'", refresh.Stderr, StringComparison.Ordinal);
        }
        Assert.Contains("No suitable extensions found", refresh.Stderr, StringComparison.Ordinal);

        // the control: an extension with the host's own fields, beside the refused ones, is merged alone
        var good = await builder.BuildAsync(SysextSpec.Create("matching").WithFile("/usr/share/matching/marker", "matching\n").ForHost(host, arch), folder);
        Assert.True(SysextMatcher.Match(good.Release, host, arch).Accepted);
        await vm.InstallSysextAsync(good);
        await vm.RefreshSysextAsync();
        Assert.Equal(["matching"], await vm.MergedSysextsAsync());
        Assert.Equal("matching\n", await vm.SucceedAsync("cat /usr/share/matching/marker"));
    }
}
