using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Unmerge;

/// <summary>
/// sysext.unmerge: <c>systemd-sysext unmerge</c> removes the whole overlay — every extension, the OS's own built-in
/// ones included, so <c>/usr</c> is the verity mount alone and status says nothing is merged — and a merge after the
/// test's extension is gone brings back exactly the boot's <c>/usr</c> (same extensions, same fingerprint).
/// </summary>
public sealed class Unmerge
{
    [OsTest("sysext.unmerge")]
    public async Task Unmerge_restores_the_plain_verity_usr()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var boot = await vm.SysextSnapshotAsync();
        var bootFingerprint = await vm.UsrFingerprintAsync();
        var spec = await SysextSpec.Create("hello").WithFilesFrom(Assets.Path("raw/tree")).ForMachineAsync(vm);
        var image = await new SysextBuilder().BuildAsync(spec, SysextWork.Folder());

        await vm.InstallSysextAsync(image);
        await vm.RefreshSysextAsync();
        var merged = await vm.SysextSnapshotAsync();
        Assert.True(merged.AddedSince(boot) is ["hello"] && merged.RemovedSince(boot).Count == 0, merged.Describe(boot));
        Assert.Equal("overlay", merged.UsrMounts[^1].FsType);

        var unmerge = await vm.UnmergeSysextAsync();

        var plain = await vm.SysextSnapshotAsync();
        Assert.True(plain.Merged.Count == 0, $"still merged after unmerge (exit {unmerge.ExitCode}): {plain.Describe(boot)}\n{unmerge.Stderr}");
        Assert.Equal([boot.BaseUsr!], plain.UsrMounts);
        Assert.Empty(plain.Status.MergedInto("/usr"));
        Assert.Equal("absent", await vm.OutputAsync("test -e /usr/bin/hello-sysext && echo present || echo absent"));
        // the image stays installed: unmerge is not uninstall
        Assert.Equal(image.GuestImagePath, await vm.OutputAsync("readlink /etc/extensions/hello.raw"));

        // without the test's extension, a merge is the boot's merge again: nothing of hello is left behind
        await vm.SucceedAsync($"sudo rm {image.GuestLinkPath} && sudo systemd-sysext merge");
        var remerged = await vm.SysextSnapshotAsync();
        Assert.True(remerged.AddedSince(boot).Count == 0 && remerged.RemovedSince(boot).Count == 0, remerged.Describe(boot));
        Assert.Equal(bootFingerprint, await vm.UsrFingerprintAsync());
    }
}
