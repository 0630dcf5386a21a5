using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Raw;

/// <summary>
/// sysext.raw.squashfs and sysext.raw.erofs: a naked filesystem image (<c>NAME.raw</c>, no partition table) copied
/// onto a running machine as Flatcar lays it out — <c>/opt/extensions/NAME/NAME-VERSION-ARCH.raw</c> and the link
/// <c>/etc/extensions/NAME.raw</c> — is dissected, merged beside the extensions the OS merged at boot, and its program runs from the merged <c>/usr</c>.
/// </summary>
public sealed class RawImages
{
    [OsTest("sysext.raw.squashfs")]
    public Task Squashfs_image_is_merged_and_its_program_runs() => MergedAndRunsAsync(SysextFormat.Squashfs, "hello-squashfs");

    [OsTest("sysext.raw.erofs")]
    public Task Erofs_image_is_merged_and_its_program_runs() => MergedAndRunsAsync(SysextFormat.Erofs, "hello-erofs");

    private static async Task MergedAndRunsAsync(SysextFormat format, string name)
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var boot = await vm.SysextSnapshotAsync();
        var spec = await SysextSpec.Create(name).WithFormat(format).WithVersion("1.0.0")
            .WithFilesFrom(Assets.Path("raw/tree"))
            .ForMachineAsync(vm);
        var image = await new SysextBuilder().BuildAsync(spec, SysextWork.Folder());

        await vm.InstallSysextAsync(image);
        var refresh = await vm.RefreshSysextAsync();
        var after = await vm.SysextSnapshotAsync();
        var merged = after.AddedSince(boot);
        if (format == SysextFormat.Erofs && merged.Count == 0)
        {
            await SkipIfErofsCannotBeDissectedAsync(vm, name, refresh.Stderr);
        }

        Assert.True(merged.SequenceEqual([name]) && after.RemovedSince(boot).Count == 0,
            $"expected '{name}' merged beside the boot's extensions: {after.Describe(boot)}; systemd-sysext refresh exited {refresh.ExitCode} and said:\n{refresh.Stderr}");
        Assert.Equal($"/opt/extensions/{name}/{name}-1.0.0-{image.Architecture}.raw", image.GuestImagePath);
        Assert.Equal(image.GuestImagePath, await vm.OutputAsync($"readlink /etc/extensions/{name}.raw"));
        Assert.Equal("hello from a raw system extension\n", await vm.SucceedAsync("hello-sysext"));
        Assert.Equal("/usr/bin/hello-sysext", await vm.OutputAsync("command -v hello-sysext"));
        Assert.Contains(name, after.Status.MergedInto("/usr"));
        Assert.Equal(new SysextListEntry(name, "raw", $"/etc/extensions/{name}.raw"), after.Find(name));
    }

    /// <summary>
    /// Older systemd versions cannot dissect naked erofs images (erofs joined the sysext formats later than squashfs).
    /// When the guest's systemd-sysext says so for this image, the test is skipped with its words and version; any
    /// other refusal stays a failure.
    /// </summary>
    private static async Task SkipIfErofsCannotBeDissectedAsync(Machine vm, string name, string refreshLog)
    {
        if (SysextRefreshLog.DissectRefusal(refreshLog, name) is not { } refusal)
        {
            return;
        }

        var version = await vm.OutputAsync("systemctl --version | head -n1");
        Skip.If(true, $"{version} cannot dissect an erofs system extension on this image: \"{refusal}\" (erofs runs on newer systemd)");
    }
}
