using Harness.Ignition;

namespace Harness.Updates;

/// <summary>
/// The update lock-down every machine gets unless its config says otherwise: <c>/etc/flatcar/update.conf</c> with
/// <c>SERVER=disabled</c> (kola writes it into every machine's config, mantle <c>platform/cluster.go</c>, so a machine
/// of an older release does not update itself from the public server during a long test) and
/// <c>REBOOT_STRATEGY=off</c> (locksmithd then reboots nothing after an installed update). Tests that need updates
/// point the machine at their own server (<see cref="MachineUpdates.ConfigureUpdatesAsync"/>), keeping the reboot
/// strategy off.
/// </summary>
public static class UpdateLockDown
{
    /// <summary>Where Flatcar's update_engine and locksmithd read their settings (before <c>/usr/share/flatcar/update.conf</c>).</summary>
    public const string ConfPath = "/etc/flatcar/update.conf";

    /// <summary>The path kola writes (a symlink to <c>/etc/flatcar</c> on Flatcar); a config writing it also wins.</summary>
    public const string LegacyConfPath = "/etc/coreos/update.conf";

    /// <summary>The lock-down's <c>update.conf</c>.</summary>
    public const string Conf = "SERVER=disabled\nREBOOT_STRATEGY=off\n";

    /// <summary>
    /// <paramref name="config"/> plus the lock-down's <c>update.conf</c> (root-owned, 0644), unless the config writes
    /// <c>update.conf</c> itself: then the config's file wins and nothing is added.
    /// </summary>
    public static IgnitionConfig AddTo(IgnitionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Files.Any(f => f.Path is ConfPath or LegacyConfPath))
        {
            return config;
        }

        var root = IgnitionOwner.FromId(0);
        return config.WithFile(new IgnitionFile(ConfPath)
        {
            Contents = IgnitionResource.FromText(Conf),
            Mode = 0b110_100_100,
            User = root,
            Group = root,
            Overwrite = true,
        });
    }
}
