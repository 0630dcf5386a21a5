using System.Collections.Concurrent;
using System.Text.Json;
using Harness.Failures;
using Harness.Machines;
using Harness.Waiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Platforms.Azure;

/// <summary>
/// Boots Flatcar VMs on Azure: one resource group per run (<c>harness-&lt;run id&gt;</c>, tagged, with an NSG
/// allowing SSH and a VNet), one VM + NIC + public IP per machine, Ignition in user data, SSH to the public IP with
/// the host key the core pins. The run's resource group is deleted when the platform is disposed, also after failures;
/// <see cref="AzureGarbageCollector"/> deletes the groups of runs that died. Guests cannot reach the runner's loopback,
/// so <see cref="PlatformCapabilities.HostServices"/> is not offered.
/// </summary>
public sealed class AzurePlatform : IPlatform
{
    /// <summary>Azure requires a key for Linux VMs; used only when the Ignition config carries none (a raw config).</summary>
    private const string PlaceholderKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOhBULCYDe72OgfuBCT4crfC0bg8Bob/u3lgrr8gAnWd harness-placeholder";

    private readonly AzureOptions _options;
    private readonly ILogger _logger;
    private readonly AzureArm _arm;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly ConcurrentDictionary<AzureMachine, byte> _machines = new();
    private IReadOnlyDictionary<string, string>? _tags;
    private bool _groupRequested;
    private bool _ready;
    private int _machineCount;
    private int _disposed;

    /// <summary>Creates the platform after validating <paramref name="options"/>. Creates nothing in Azure yet.</summary>
    /// <exception cref="AzureSettingsException">A setting is wrong (one line naming it).</exception>
    public AzurePlatform(AzureOptions options, Arch arch, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Arch = arch;
        RunId = options.RunId ?? Artifacts.RunId.New(options.Time);
        ResourceGroup = "harness-" + RunId;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Harness.Platforms.Azure");
        _arm = new AzureArm(options, _logger);
    }

    /// <summary>The run id in the resource group's name and tags.</summary>
    public string RunId { get; }

    /// <summary>The run's resource group.</summary>
    public string ResourceGroup { get; }

    /// <inheritdoc />
    public string Name => "azure";

    /// <inheritdoc />
    public Arch Arch { get; }

    /// <summary>Reboot, and power control through ARM restart; the console is fetched, not live; no extra disks,
    /// private networks or host services (yet, or at all).</summary>
    public PlatformCapabilities Capabilities => PlatformCapabilities.Reboot | PlatformCapabilities.PowerControl;

    /// <inheritdoc />
    public string Description =>
        $"Azure {_options.Location}, size {_options.Size}, image {ImageText}, resource group {ResourceGroup}";

    /// <summary>Cloud VMs run on hardware virtualisation.</summary>
    public bool HardwareAccelerated => true;

    /// <summary>Null: a cloud VM cannot reach the runner's loopback.</summary>
    public string? HostAddressForGuests => null;

    private string ImageText => _options.ImageId ?? $"{AzureOptions.Publisher}:{AzureOptions.Offer}:{_options.Sku}:{_options.ImageVersion}";

    /// <summary>Creates the run's resource group, NSG and VNet. Idempotent. On failure the group is deleted again.</summary>
    /// <exception cref="InfrastructureException">Azure refused (the message names the call and the ARM error).</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_ready)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            var started = _options.Time.GetTimestamp();
            _tags = RunTags.For(RunId, _options.Time.GetUtcNow(), _options.TimeToLive);
            try
            {
                _groupRequested = true;
                await _arm.CreateResourceGroupAsync(ResourceGroup, _tags, cancellationToken);
                var nsg = _arm.NetworkId(ResourceGroup, "networkSecurityGroups", "harness-nsg");
                await _arm.PutAsync(nsg, _tags, VmDefinition.SecurityGroup(), cancellationToken);
                await _arm.PutAsync(_arm.NetworkId(ResourceGroup, "virtualNetworks", "harness-vnet"), _tags, VmDefinition.VirtualNetwork("harness-subnet", nsg), cancellationToken);
            }
            catch
            {
                await DeleteGroupAsync();
                throw;
            }

            _ready = true;
            Log.RunReady(_logger, ResourceGroup, _options.Location, _tags[RunTags.ExpiresAt], _options.Time.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>
    /// Creates the public IP, NIC and VM and returns once ARM reports the VM provisioned (the OS may still be booting).
    /// When creation fails the serial log is still fetched into console.txt, the machine's resources are deleted and
    /// the error quotes the console tail.
    /// </summary>
    /// <exception cref="InfrastructureException">Azure refused or provisioning failed or timed out.</exception>
    public async Task<IMachineBackend> CreateMachineAsync(MachineLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        await InitializeAsync(cancellationToken);
        var names = AzureMachineNames.For(launch.Name, ResourceGroup, Interlocked.Increment(ref _machineCount));
        var tags = _tags!;
        var started = _options.Time.GetTimestamp();
        Log.MachineCreating(_logger, launch.Name, names.Vm, _options.Size, ImageText);
        var vmRequested = false;
        try
        {
            await _arm.PutAsync(names.PublicIpId(_arm), tags, VmDefinition.PublicIp(), cancellationToken, sku: "Standard");
            var subnet = new global::Azure.Core.ResourceIdentifier(_arm.NetworkId(ResourceGroup, "virtualNetworks", "harness-vnet") + "/subnets/harness-subnet");
            await _arm.PutAsync(names.NicId(_arm), tags, VmDefinition.NetworkInterface(subnet, names.PublicIpId(_arm)), cancellationToken);
            var data = VmDefinition.VirtualMachine(_options, names.Vm, launch.IgnitionJson, SshKeyOf(launch.IgnitionJson), names.NicId(_arm), tags);
            vmRequested = true;
            await _arm.CreateVirtualMachineAsync(ResourceGroup, names.Vm, data, cancellationToken);
            var ip = await PublicAddressAsync(names, cancellationToken);
            var endpoint = _options.SshEndpointFor?.Invoke(ip) ?? new SshEndpoint(ip, 22);
            var machine = new AzureMachine(_arm, names, launch.ArtifactDir, endpoint, _logger, _options.Time, m => _machines.TryRemove(m, out _));
            _machines[machine] = 0;
            Log.MachineCreated(_logger, launch.Name, ip, _options.Time.GetElapsedTime(started).TotalSeconds);
            return machine;
        }
        catch (Exception e) when (e is InfrastructureException or OperationCanceledException)
        {
            if (vmRequested)
            {
                await AzureMachine.FetchConsoleAsync(_arm, names, launch.ArtifactDir, _logger, CancellationToken.None);
            }

            await AzureMachine.DeleteResourcesAsync(_arm, names, vmRequested, _logger);
            Log.MachineCreateFailed(_logger, launch.Name, e.Message.Split('\n', 2)[0]);
            if (e is OperationCanceledException)
            {
                throw;
            }

            var console = new AzureConsoleLog(Path.Combine(launch.ArtifactDir, "console.txt")).ReadAll();
            throw new InfrastructureException(
                $"{e.Message}\n  console (last 30 lines):\n"
                + TextTail.Indent(console.Length == 0 ? "(empty)" : TextTail.Last(console, 30), "    ")
                + $"\n  artifacts: {launch.ArtifactDir}",
                e);
        }
    }

    /// <summary>Destroys live machines, then deletes the run's resource group (even when creation failed half way). Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(_machines.Keys.Select(m => m.DisposeAsync().AsTask()));
        await DeleteGroupAsync();
        _arm.Dispose();
        _initLock.Dispose();
    }

    private async Task DeleteGroupAsync()
    {
        if (!_groupRequested)
        {
            return;
        }

        var started = _options.Time.GetTimestamp();
        try
        {
            await _arm.DeleteResourceGroupAsync(ResourceGroup, CancellationToken.None);
            _groupRequested = false;
            Log.RunGroupDeleted(_logger, ResourceGroup, _options.Time.GetElapsedTime(started).TotalSeconds);
        }
        catch (InfrastructureException e)
        {
            Log.CleanupFailed(_logger, $"deleting resource group {ResourceGroup} (harness gc will delete it after {RunTags.ExpiresAt})", e.Message.Split('\n', 2)[0]);
        }
    }

    private async Task<string> PublicAddressAsync(AzureMachineNames names, CancellationToken cancellationToken)
    {
        var properties = await _arm.PropertiesAsync(names.PublicIpId(_arm), cancellationToken);
        return properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty("ipAddress", out var ip) && ip.GetString() is { Length: > 0 } address
            ? address
            : throw new InfrastructureException($"Azure: public IP {names.PublicIp} of {names.Machine} has no address after the VM was provisioned");
    }

    /// <summary>The first SSH key Ignition authorizes for <c>core</c> (the run's client key); a placeholder otherwise.</summary>
    internal static string SshKeyOf(string ignitionJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(ignitionJson);
            if (doc.RootElement.TryGetProperty("passwd", out var passwd) && passwd.TryGetProperty("users", out var users)
                && users.ValueKind == JsonValueKind.Array)
            {
                foreach (var user in users.EnumerateArray())
                {
                    if (user.TryGetProperty("name", out var name) && name.GetString() == "core"
                        && user.TryGetProperty("sshAuthorizedKeys", out var keys) && keys.ValueKind == JsonValueKind.Array
                        && keys.EnumerateArray().Select(k => k.GetString()).FirstOrDefault(k => !string.IsNullOrWhiteSpace(k)) is { } key)
                    {
                        return key;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A deliberately broken config: the VM gets the placeholder and is observed through its console only.
        }

        return PlaceholderKey;
    }
}
