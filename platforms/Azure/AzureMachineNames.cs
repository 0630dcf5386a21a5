using Azure.Core;

namespace Harness.Platforms.Azure;

/// <summary>The Azure names of one machine's resources, derived from the harness's machine name.</summary>
internal sealed record AzureMachineNames(string Machine, string Group, string Vm)
{
    public string Nic => Vm + "-nic";

    public string PublicIp => Vm + "-ip";

    public ResourceIdentifier NicId(AzureArm arm) => arm.NetworkId(Group, "networkInterfaces", Nic);

    public ResourceIdentifier PublicIpId(AzureArm arm) => arm.NetworkId(Group, "publicIPAddresses", PublicIp);

    /// <summary>
    /// Names for machine number <paramref name="index"/>: the machine name lowercased to letters, digits and dashes,
    /// at most 40 characters, plus the index, so VM, NIC and IP names stay within Azure's limits and unique in the group.
    /// </summary>
    public static AzureMachineNames For(string machine, string group, int index)
    {
        var clean = new string(machine.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        if (clean.Length > 40)
        {
            clean = clean[..40].TrimEnd('-');
        }

        return new AzureMachineNames(machine, group, $"{(clean.Length == 0 ? "vm" : clean)}-{index}");
    }
}
