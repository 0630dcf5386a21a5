namespace Harness.Machines;

/// <summary>
/// What a platform can do beyond booting a machine and running commands on it.
/// Tests ask for capabilities, never for platform names.
/// </summary>
[Flags]
public enum PlatformCapabilities
{
    /// <summary>Nothing beyond boot + exec.</summary>
    None = 0,

    /// <summary>The machine can be rebooted from inside and comes back (same disk).</summary>
    Reboot = 1,

    /// <summary>The harness can cut power/reset the VM from outside (QEMU <c>system_reset</c>, cloud restart).</summary>
    PowerControl = 2,

    /// <summary>The serial console is streamed while the machine runs (not only fetched at the end).</summary>
    LiveConsole = 4,

    /// <summary>Extra raw disks can be attached at creation.</summary>
    ExtraDisks = 8,

    /// <summary>Machines of one test can share a private network.</summary>
    PrivateNetwork = 32,

    /// <summary>
    /// Guests reach servers the harness binds on the host's loopback (an Omaha update server, a file server), at
    /// <see cref="IPlatform.HostAddressForGuests"/>. QEMU user networking maps 10.0.2.2 to the host's 127.0.0.1.
    /// </summary>
    HostServices = 64,

    /// <summary>
    /// Machines boot from a copy of the image file the harness was given (<c>HARNESS_IMAGE</c>), so a test may compare
    /// a machine with that file (e.g. the partition table it shipped). Not so where the platform boots its own copy
    /// of the release (a cloud image).
    /// </summary>
    ImageFile = 128,

    /// <summary>
    /// A running machine can be saved (memory, devices, disks) and new machines restored from that state in seconds
    /// (<see cref="IMachineBackend.SaveSnapshotAsync"/>, <see cref="IPlatform.RestoreMachineAsync"/>). The harness boots
    /// one template per distinct machine spec and gives each eligible test its own restored copy.
    /// </summary>
    Snapshots = 256,
}
