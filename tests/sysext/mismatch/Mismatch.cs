using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Mismatch;

/// <summary>
/// sysext.mismatch: extensions for another OS ID (derived from the host's, so neither its ID nor an ID_LIKE), another
/// SYSEXT_LEVEL or another architecture are refused by systemd-sysext, each by name — the extensions merged are the
/// boot's and <c>/usr</c> is exactly as before — for the reasons the harness's matcher gives; a matching extension
/// added next to them is merged, so the refusals are not a broken setup.
/// </summary>
public sealed class Mismatch
{
    [OsTest("sysext.mismatch")]
    public async Task Extensions_for_another_ID_level_or_architecture_are_refused_and_usr_is_unchanged()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var boot = await vm.SysextSnapshotAsync();
        var host = await OsRelease.ReadAsync(vm);
        var arch = SysextArchitecture.FromUname(await vm.SucceedAsync("uname -m"))!;
        var otherId = $"not-{host.Id}";
        var otherArch = arch == "arm64" ? "x86-64" : "arm64";
        (string Name, Func<ExtensionRelease, ExtensionRelease> Change, string Reason)[] refused =
        [
            ("wrong-id", r => r with { Id = otherId }, $"ID '{otherId}' does not match the host's ID '{host.Id}' (systemd 252 ignores ID_LIKE)"),
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
            Assert.DoesNotContain(otherId, host.IdLike);
            await vm.InstallSysextAsync(image);
        }
        var before = await vm.UsrFingerprintAsync();

        var refresh = await vm.RefreshSysextAsync();

        var after = await vm.SysextSnapshotAsync();
        Assert.True(after.AddedSince(boot).Count == 0 && after.RemovedSince(boot).Count == 0,
            $"refresh changed what is merged: {after.Describe(boot)}; refresh said:\n{refresh.Stderr}");
        Assert.Equal(boot.Merged.Order(StringComparer.Ordinal), after.Status.MergedInto("/usr").Order(StringComparer.Ordinal));
        Assert.Equal(before, await vm.UsrFingerprintAsync());
        foreach (var (name, _, _) in refused)
        {
            Assert.Equal("absent", await vm.OutputAsync($"test -e /usr/share/{name} && echo present || echo absent"));
            Assert.True(refresh.Stderr.Contains($"'{name}'", StringComparison.Ordinal), $"refresh did not say why it left '{name}' out:\n{refresh.Stderr}");
        }

        // the control: an extension with the host's own fields, beside the refused ones, is merged alone
        var good = await builder.BuildAsync(SysextSpec.Create("matching").WithFile("/usr/share/matching/marker", "matching\n").ForHost(host, arch), folder);
        Assert.True(SysextMatcher.Match(good.Release, host, arch).Accepted);
        await vm.InstallSysextAsync(good);
        await vm.RefreshSysextAsync();
        var control = await vm.SysextSnapshotAsync();
        Assert.True(control.AddedSince(boot) is ["matching"] && control.RemovedSince(boot).Count == 0, control.Describe(boot));
        Assert.Equal("matching\n", await vm.SucceedAsync("cat /usr/share/matching/marker"));
    }
}
