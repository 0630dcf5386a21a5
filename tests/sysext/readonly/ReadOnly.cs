using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.ReadOnly;

/// <summary>
/// sysext.readonly: while an extension is merged, <c>/usr</c> is a read-only overlay — root can neither create,
/// overwrite nor add directories, whether in the host's part or the extension's.
/// </summary>
public sealed class ReadOnly
{
    [OsTest("sysext.readonly")]
    public async Task Merged_usr_stays_read_only_even_for_root()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var boot = await vm.SysextSnapshotAsync();
        var spec = await SysextSpec.Create("hello").WithFilesFrom(Assets.Path("raw/tree")).ForMachineAsync(vm);
        var image = await new SysextBuilder().BuildAsync(spec, SysextWork.Folder());
        await vm.InstallSysextAsync(image);
        await vm.RefreshSysextAsync();
        var merged = await vm.SysextSnapshotAsync();
        Assert.True(merged.AddedSince(boot) is ["hello"], merged.Describe(boot));

        var probe = await vm.ScriptValuesAsync("readonly/write-probe.sh");

        foreach (var attempt in new[] { "touch_new", "overwrite_shipped", "mkdir_new" })
        {
            Assert.True(probe[attempt].StartsWith("refused:", StringComparison.Ordinal) && probe[attempt].Contains("Read-only file system", StringComparison.Ordinal),
                $"{attempt}: root's write to the merged /usr was not refused as read-only:\n{probe}");
        }
        var top = probe["top_mount"].Split(' ');
        Assert.True(top[0] == "overlay" && top[1].Split(',').Contains("ro"), $"the top mount on /usr should be a read-only overlay:\n{probe}");
        Assert.Equal("hello from a raw system extension\n", await vm.SucceedAsync("cat /usr/share/hello-sysext/greeting"));
    }
}
