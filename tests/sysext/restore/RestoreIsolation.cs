using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Restore;

/// <summary>
/// sysext.restore-isolation (the harness's own, no kola counterpart): where machines are restored from a saved
/// template (<c>HARNESS_RESTORE</c> on a platform with snapshots), what one restored machine writes to <c>/etc</c>,
/// <c>/var</c> and <c>/usr</c> (through an extension it merges) is gone on the next machine restored from the same
/// template, which resumes the same boot as the first did.
/// </summary>
public sealed class RestoreIsolation
{
    private const string AllMarks = "/etc/restore-isolation.conf\n/var/lib/restore-isolation/marker\n/etc/extensions/restore-isolation\n/usr/lib/restore-isolation/marker";

    [OsTest("sysext.restore-isolation", Requires = PlatformCapabilities.Snapshots)]
    public async Task A_restored_machine_sees_nothing_another_restored_machine_wrote_to_etc_var_or_usr()
    {
        Skip.IfNot(Session.Settings.Restore, "HARNESS_RESTORE is off: every machine boots, none is restored");
        string resumedBoot;
        SysextSnapshot boot;
        await using (var first = await Session.StartAsync(MachineSpec.Default))
        {
            resumedBoot = await first.BootIdAsync();
            boot = await first.SysextSnapshotAsync();
            var spec = await SysextSpec.Create("restore-isolation").WithFormat(SysextFormat.Directory)
                .WithFilesFrom(Assets.Path("restore/tree"))
                .ForMachineAsync(first);
            await first.InstallSysextAsync(await new SysextBuilder().BuildAsync(spec, SysextWork.Folder()));
            await first.RefreshSysextAsync();
            await first.RunScriptAsync("restore/dirty.sh");
            Assert.Equal(AllMarks, await first.RunScriptAsync("restore/leftovers.sh"));
        }

        await using var second = await Session.StartAsync(MachineSpec.Default);

        Assert.Equal(resumedBoot, await second.BootIdAsync());
        var state = await second.SysextSnapshotAsync();
        Assert.True(state.AddedSince(boot).Count == 0 && state.RemovedSince(boot).Count == 0, state.Describe(boot));
        Assert.Equal("", await second.RunScriptAsync("restore/leftovers.sh"));
    }
}
