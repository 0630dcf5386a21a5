namespace Harness.Machines;

/// <summary>
/// Everything a platform needs to create one machine. Built by the core from a <see cref="MachineSpec"/>
/// after it has injected the harness's SSH client key and the machine's pinned host key into the Ignition config.
/// </summary>
/// <param name="Name">Machine name, unique in the run (e.g. <c>cl-basic-m1-7f3a</c>); used for artifact folders and logs.</param>
/// <param name="IgnitionJson">The exact Ignition config to pass (already rendered; may be deliberately invalid).</param>
/// <param name="Options">Memory, CPUs, disks.</param>
/// <param name="ArtifactDir">Folder for this machine's artifacts (exists); the platform writes console.txt and its own files here.</param>
public sealed record MachineLaunch(string Name, string IgnitionJson, MachineOptions Options, string ArtifactDir)
{
    /// <summary>
    /// A second network interface on the test's private network (MAC and network key; the guest's address is already in
    /// <see cref="IgnitionJson"/>), or null (default) for none. Only platforms with
    /// <see cref="PlatformCapabilities.PrivateNetwork"/> get one.
    /// </summary>
    public PrivateNic? PrivateNic { get; init; }
}
