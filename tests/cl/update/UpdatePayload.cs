using Harness.Machines;
using Harness.Omaha;
using Harness.Updates;
using Harness.Xunit;

namespace Tests.Cl.Update;

/// <summary>
/// cl.update.payload (kola's name): an update from the harness's Omaha server moves the machine from USR-A to the new
/// version on USR-B, marked good after a healthy boot; updating again lands on USR-A. With the lock-down's
/// REBOOT_STRATEGY=off, locksmithd does not run and nothing reboots the machine after the install.
/// </summary>
public sealed class UpdatePayload
{
    [OsTest("cl.update.payload", Requires = PlatformCapabilities.Reboot | PlatformCapabilities.HostServices, TimeoutSeconds = 2400, FreshBoot = true)]
    public async Task Update_installs_the_new_version_on_the_other_slot_and_back()
    {
        await using var rig = await UpdateRig.StartAsync();
        var (vm, omaha, payload) = (rig.Vm, rig.Omaha, rig.Payload);
        Assert.NotEqual(payload.Version, rig.OldVersion);
        Assert.Equal("USR-A", await vm.BootedUsrAsync());

        // N → N+1: installed into USR-B, which gets one try at the highest priority (flatcar-postinst)
        var bootBeforeUpdate = await vm.BootIdAsync();
        await vm.UpdateAsync(omaha);
        var staged = await vm.UsrSlotAsync("USR-B");
        Assert.True(staged is { Priority: 2, Tries: 1, Successful: false }, $"after the update: {staged}");
        Assert.Equal([payload.Name], omaha.Downloads);
        Assert.False(await vm.RebootManagerActiveAsync(), "locksmithd runs although update.conf says REBOOT_STRATEGY=off");
        Assert.Equal(bootBeforeUpdate, await vm.BootIdAsync());

        await vm.RebootAsync();
        Assert.Equal("USR-B", await vm.BootedUsrAsync());
        Assert.Equal(payload.Version, await vm.VersionIdAsync());
        await vm.WaitUntilMarkedGoodAsync("USR-B");
        var good = await vm.UsrSlotAsync("USR-B");
        Assert.True(good is { Priority: 2, Tries: 0, Successful: true }, $"after a healthy boot: {good}");

        // and again, onto USR-A (kola invalidates USR-A first, so only a fresh install can boot from it)
        await vm.SucceedAsync("sudo wipefs --all --quiet /dev/disk/by-partlabel/USR-A");
        await omaha.ReconfigureAsync(omaha.Options with { Offer = OmahaOffer.Always });
        await vm.UpdateAsync(omaha);
        await vm.RebootAsync();
        Assert.Equal("USR-A", await vm.BootedUsrAsync());
        Assert.Equal(payload.Version, await vm.VersionIdAsync());
        Assert.Equal([payload.Name, payload.Name], omaha.Downloads);
    }
}
