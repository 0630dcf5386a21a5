using Harness.Ignition;
using Harness.Machines;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Ignition;

/// <summary>
/// sysext.ignition: Ignition writes an extension image at first boot into <c>/opt/extensions/NAME/</c> and links it
/// from <c>/etc/extensions/NAME.raw</c> (Flatcar's documented layout); systemd-sysext merges it at boot, and a
/// service the extension ships is running. The image (a few KiB) travels as a data URL verified by its SHA-512:
/// fetching it over HTTP from the harness's file server at first boot stalled Ignition's files stage on the contract
/// image (no network in its initramfs yet), see tests/sysext/README.md.
/// </summary>
public sealed class IgnitionDelivery
{
    [OsTest("sysext.ignition")]
    public async Task Extension_written_by_Ignition_is_merged_at_boot_and_its_service_runs()
    {
        // Built before the machine exists, so like Flatcar's bakery images it matches by ID=_any and architecture.
        var spec = SysextSpec.Create("hello-sysext").WithVersion("1.0.0")
            .WithFilesFrom(Assets.Path("ignition/tree"))
            .WithRelease(r => r with { Id = SysextArchitecture.Any, Architecture = SysextArchitecture.FromArch(Session.Settings.Arch) });
        var image = await new SysextBuilder().BuildAsync(spec, SysextWork.Folder());

        var ensureSysext = new IgnitionUnit("ensure-sysext.service")
        {
            Contents = await Assets.ReadTextAsync("ignition/ensure-sysext.service"),
            Enabled = true,
        };
        var machine = MachineSpec.Default.WithIgnition(i => i.WithSysext(image).WithUnit(ensureSysext));

        await using var vm = await Session.StartAsync(machine);

        Assert.Equal(image.GuestImagePath, (await vm.SucceedAsync($"readlink {image.GuestLinkPath}")).Trim());
        Assert.Equal(image.Sha512!["sha512-".Length..], (await vm.SucceedAsync($"sha512sum {image.GuestImagePath}")).Split(' ')[0]);

        // merged by systemd-sysext.service during this (the first) boot, not by anything the test did
        Assert.Equal(["hello-sysext"], await vm.MergedSysextsAsync());
        Assert.Contains("Merged extensions into '/usr'", await vm.JournalAsync("-b -u systemd-sysext.service -o cat"), StringComparison.Ordinal);

        await vm.WaitForUnitAsync("hello-sysext.service");
        var bootId = await vm.BootIdAsync();
        Assert.Equal($"hello-sysext ran in boot {bootId} from /usr/libexec/hello-sysext/run.sh\n", await vm.SucceedAsync("cat /run/hello-sysext"));
        Assert.Equal("/usr/lib/systemd/system/hello-sysext.service", (await vm.SucceedAsync("readlink -f \"$(systemctl show -p FragmentPath --value hello-sysext.service)\"")).Trim());
    }
}
