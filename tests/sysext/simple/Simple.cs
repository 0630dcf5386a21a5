using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Simple;

/// <summary>
/// sysext.simple (kola: sysext.simple): a directory extension in <c>/etc/extensions/test</c> whose release file
/// carries the machine's ID and SYSEXT_LEVEL is merged into <c>/usr</c>, and merged again when systemd-sysext.service
/// restarts.
/// </summary>
public sealed class Simple
{
    [OsTest("sysext.simple")]
    public async Task Directory_extension_is_merged_into_usr_and_survives_a_service_restart()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);
        var spec = (await SysextSpec.Create("test").WithFormat(SysextFormat.Directory)
            .WithFilesFrom(Assets.Path("simple/tree"))
            .ForMachineAsync(vm));
        var image = await new SysextBuilder().BuildAsync(spec, SysextWork.Folder());
        Assert.Equal("absent", (await vm.SucceedAsync("test -e /usr/hello-sysext && echo present || echo absent")).Trim());

        await vm.InstallSysextAsync(image);
        // merged the way a boot merges it: by systemd-sysext.service (skipped at boot: /etc/extensions was empty)
        await vm.SucceedAsync("sudo systemctl start systemd-sysext.service");

        var merged = await vm.MergedSysextsAsync();
        if (merged is not ["test"])
        {
            Assert.Fail($"expected exactly 'test' merged, found [{string.Join(", ", merged)}]; the service said:\n{await vm.JournalAsync("-b -u systemd-sysext.service -o cat")}");
        }
        Assert.Equal("sysext works\n", await vm.SucceedAsync("cat /usr/hello-sysext"));
        Assert.Equal(["test"], (await vm.SysextStatusAsync()).MergedInto("/usr"));
        Assert.Matches(@"(?m)^test\s+directory\s+/etc/extensions/test\s", await vm.SucceedAsync("systemd-sysext list --no-legend"));

        // kola restarts the service: unmerge (ExecStop), then merge again (ExecStart) from /etc/extensions
        await vm.SucceedAsync("sudo systemctl restart systemd-sysext.service");
        Assert.Equal("sysext works\n", await vm.SucceedAsync("cat /usr/hello-sysext"));
        Assert.Equal(["test"], await vm.MergedSysextsAsync());
        Assert.Equal("active", (await vm.ExecAsync("systemctl is-active systemd-sysext.service")).Stdout.Trim());
    }
}
