using System.Text;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;

namespace Harness.Platforms.Azure;

/// <summary>
/// The ARM bodies the platform sends: the VM (image, size, user data, boot diagnostics) and the network resources,
/// which go through the generic resource API because Azure.ResourceManager.Network is not in our package feed.
/// </summary>
internal static class VmDefinition
{
    /// <summary>
    /// A Flatcar VM: admin user <c>core</c>, Ignition as base64 user data, boot diagnostics on (managed storage),
    /// OS disk, NIC and public IP deleted with the VM; marketplace image with its plan, or <see cref="AzureOptions.ImageId"/>.
    /// </summary>
    public static VirtualMachineData VirtualMachine(
        AzureOptions options, string computerName, string ignitionJson, string sshPublicKey, ResourceIdentifier nicId, IReadOnlyDictionary<string, string> tags)
    {
        var data = new VirtualMachineData(new AzureLocation(options.Location))
        {
            HardwareProfile = new VirtualMachineHardwareProfile { VmSize = new VirtualMachineSizeType(options.Size) },
            StorageProfile = new VirtualMachineStorageProfile
            {
                ImageReference = options.ImageId is { } id
                    ? new ImageReference { Id = new ResourceIdentifier(id) }
                    : new ImageReference { Publisher = AzureOptions.Publisher, Offer = AzureOptions.Offer, Sku = options.Sku, Version = options.ImageVersion },
                OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.FromImage)
                {
                    DeleteOption = DiskDeleteOptionType.Delete,
                    ManagedDisk = new VirtualMachineManagedDisk { StorageAccountType = StorageAccountType.PremiumLrs },
                },
            },
            OSProfile = new VirtualMachineOSProfile
            {
                ComputerName = computerName,
                AdminUsername = "core",
                // Azure insists on a key for Linux VMs; Flatcar takes keys from Ignition, so this is the same client key.
                LinuxConfiguration = new LinuxConfiguration { DisablePasswordAuthentication = true },
            },
            NetworkProfile = new VirtualMachineNetworkProfile(),
            BootDiagnostics = new BootDiagnostics { Enabled = true },
            UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(ignitionJson)),
        };
        data.OSProfile.LinuxConfiguration.SshPublicKeys.Add(new SshPublicKeyConfiguration { Path = "/home/core/.ssh/authorized_keys", KeyData = sshPublicKey });
        data.NetworkProfile.NetworkInterfaces.Add(new VirtualMachineNetworkInterfaceReference { Id = nicId, Primary = true, DeleteOption = ComputeDeleteOption.Delete });
        if (options.ImageId is null)
        {
            data.Plan = new ComputePlan { Name = options.Sku, Publisher = AzureOptions.Publisher, Product = AzureOptions.Offer };
        }

        foreach (var (key, value) in tags)
        {
            data.Tags[key] = value;
        }

        return data;
    }

    /// <summary>An NSG that lets SSH in (and nothing else inbound beyond Azure's defaults).</summary>
    public static object SecurityGroup() => new
    {
        securityRules = new[]
        {
            new
            {
                name = "allow-ssh",
                properties = new
                {
                    priority = 1000, direction = "Inbound", access = "Allow", protocol = "Tcp",
                    sourceAddressPrefix = "*", sourcePortRange = "*", destinationAddressPrefix = "*", destinationPortRange = "22",
                },
            },
        },
    };

    /// <summary>A VNet 10.0.0.0/16 with one subnet 10.0.0.0/24 behind <paramref name="nsgId"/>.</summary>
    public static object VirtualNetwork(string subnetName, ResourceIdentifier nsgId) => new
    {
        addressSpace = new { addressPrefixes = new[] { "10.0.0.0/16" } },
        subnets = new[]
        {
            new { name = subnetName, properties = new { addressPrefix = "10.0.0.0/24", networkSecurityGroup = new { id = nsgId.ToString() } } },
        },
    };

    /// <summary>A static standard public IPv4 address.</summary>
    public static object PublicIp() => new { publicIPAllocationMethod = "Static", publicIPAddressVersion = "IPv4" };

    /// <summary>A NIC in <paramref name="subnetId"/> with <paramref name="publicIpId"/>.</summary>
    public static object NetworkInterface(ResourceIdentifier subnetId, ResourceIdentifier publicIpId) => new
    {
        ipConfigurations = new[]
        {
            new
            {
                name = "ipconfig1",
                properties = new
                {
                    privateIPAllocationMethod = "Dynamic",
                    subnet = new { id = subnetId.ToString() },
                    publicIPAddress = new { id = publicIpId.ToString(), properties = new { deleteOption = "Delete" } },
                },
            },
        },
    };
}
