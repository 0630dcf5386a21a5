using Harness.Ignition;
using Harness.Machines;
using Harness.Serving;
using Harness.Sysext;
using Harness.Xunit;
using Tests.Sysext.Support;

namespace Tests.Sysext.Ignition;

/// <summary>
/// sysext.ignition: Ignition fetches an extension image over HTTP at first boot (the way Flatcar's documentation
/// delivers sysexts), verifies its SHA-512, writes it into <c>/opt/extensions/NAME/</c> and links it from
/// <c>/etc/extensions/NAME.raw</c>; systemd-sysext merges it at boot, and a service the extension ships is running.
/// </summary>
public sealed class IgnitionDelivery
{
    [OsTest("sysext.ignition", Requires = PlatformCapabilities.HostServices, FreshBoot = true)]
    public async Task Extension_fetched_by_Ignition_is_merged_at_boot_and_its_service_runs()
    {
        // Built before the machine exists, so like Flatcar's bakery images it matches by ID=_any and architecture.
        var spec = SysextSpec.Create("hello-sysext").WithVersion("1.0.0")
            .WithFilesFrom(Assets.Path("ignition/tree"))
            .WithRelease(r => r with { Id = SysextArchitecture.Any, Architecture = SysextArchitecture.FromArch(Session.Settings.Arch) });
        var image = await new SysextBuilder().BuildAsync(spec, SysextWork.Folder());

        await using var server = await FileServer.StartAsync();
        var served = server.ServeFile($"/{image.FileName}", image.Path);
        var url = server.UrlFor(await Session.HostAddressForGuestsAsync(), served);
        var machine = MachineSpec.Default.WithIgnition(i => i.WithSysext(image, url));

        await using var vm = await Session.StartAsync(machine);

        // fetched once, by Ignition, at first boot
        var request = Assert.Single(server.RequestsFor(served), r => r.Method == "GET");
        Assert.StartsWith("Ignition/", request.UserAgent, StringComparison.Ordinal);

        Assert.Equal(image.GuestImagePath, await vm.OutputAsync($"readlink {image.GuestLinkPath}"));
        Assert.Equal(image.Sha512!["sha512-".Length..], await vm.OutputAsync($"sha512sum {image.GuestImagePath} | cut -d' ' -f1"));

        // merged by systemd-sysext.service during this (the first) boot, not by anything the test did
        // (beside the OS's own extensions, which it merges at every boot)
        var merged = await vm.SysextSnapshotAsync();
        Assert.True(merged.Merged.Contains("hello-sysext"), $"hello-sysext is not merged, only [{string.Join(", ", merged.Merged)}]");
        Assert.Contains("Merged extensions into '/usr'", await vm.JournalAsync("-b -u systemd-sysext.service -o cat"), StringComparison.Ordinal);

        await vm.WaitForUnitAsync("hello-sysext.service");
        var bootId = await vm.BootIdAsync();
        Assert.Equal($"hello-sysext ran in boot {bootId} from /usr/libexec/hello-sysext/run.sh\n", await vm.SucceedAsync("cat /run/hello-sysext"));
        Assert.Equal("/usr/lib/systemd/system/hello-sysext.service", await vm.OutputAsync("readlink -f \"$(systemctl show -p FragmentPath --value hello-sysext.service)\""));
    }
}
