using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;
using Azure.ResourceManager.Resources.Models;
using Harness.Failures;
using Harness.Machines;
using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Azure;

/// <summary>
/// The thin layer over Azure.ResourceManager that the platform calls: resource groups, generic (network) resources,
/// virtual machines, boot diagnostics. Retries live in <see cref="ArmRetry"/>; every long-running operation is polled
/// at <see cref="AzureOptions.PollInterval"/> and bounded by <see cref="AzureOptions.ProvisionTimeout"/>.
/// Errors leave as <see cref="InfrastructureException"/> naming the operation and the ARM error code.
/// </summary>
internal sealed class AzureArm : IDisposable
{
    /// <summary>API version for the Microsoft.Network resources created as generic resources.</summary>
    public const string NetworkApiVersion = "2023-09-01";

    private static readonly string[] NetworkTypes =
        ["virtualNetworks", "virtualNetworks/subnets", "networkSecurityGroups", "publicIPAddresses", "networkInterfaces"];

    private readonly AzureOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _blobClient;

    public AzureArm(AzureOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        var clientOptions = new ArmClientOptions();
        clientOptions.Retry.MaxRetries = 0; // ArmRetry (Polly) is the only retry layer.
        clientOptions.AddPolicy(new ArmRetryPolicy(ArmRetry.Pipeline(options, logger)), HttpPipelinePosition.PerCall);
        foreach (var type in NetworkTypes)
        {
            clientOptions.SetApiVersion(new ResourceType("Microsoft.Network/" + type), NetworkApiVersion);
        }

        if (options.Transport is { } handler)
        {
            clientOptions.Transport = new HttpClientTransport(new HttpClient(handler, disposeHandler: false));
        }

        Client = new ArmClient(options.Credential ?? new DefaultAzureCredential(), options.Subscription, clientOptions);
        _blobClient = options.Transport is { } h ? new HttpClient(h, disposeHandler: false) : new HttpClient();
        _blobClient.Timeout = TimeSpan.FromMinutes(2);
    }

    public ArmClient Client { get; }

    public SubscriptionResource Subscription =>
        Client.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(_options.Subscription));

    public ResourceIdentifier GroupId(string group) => ResourceGroupResource.CreateResourceIdentifier(_options.Subscription, group);

    public ResourceIdentifier NetworkId(string group, string type, string name) =>
        new($"{GroupId(group)}/providers/Microsoft.Network/{type}/{name}");

    public async Task CreateResourceGroupAsync(string group, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var data = new ResourceGroupData(new AzureLocation(_options.Location));
        foreach (var (key, value) in tags)
        {
            data.Tags[key] = value;
        }

        await Call($"create resource group {group}", async ct =>
        {
            var op = await Subscription.GetResourceGroups().CreateOrUpdateAsync(WaitUntil.Started, group, data, ct);
            await op.WaitForCompletionAsync(_options.PollInterval, ct);
        }, cancellationToken);
    }

    public Task DeleteResourceGroupAsync(string group, CancellationToken cancellationToken) =>
        Call($"delete resource group {group}", async ct =>
        {
            var op = await Client.GetResourceGroupResource(GroupId(group)).DeleteAsync(WaitUntil.Started, cancellationToken: ct);
            await op.WaitForCompletionResponseAsync(_options.PollInterval, ct);
        }, cancellationToken);

    public async Task<IReadOnlyList<ResourceGroupInfo>> ListResourceGroupsAsync(string tagName, string tagValue, CancellationToken cancellationToken)
    {
        var groups = new List<ResourceGroupInfo>();
        await Call("list resource groups", async ct =>
        {
            await foreach (var group in Subscription.GetResourceGroups().GetAllAsync($"tagName eq '{tagName}' and tagValue eq '{tagValue}'", cancellationToken: ct))
            {
                groups.Add(new ResourceGroupInfo(group.Data.Name, new Dictionary<string, string>(group.Data.Tags, StringComparer.Ordinal)));
            }
        }, cancellationToken);
        return groups;
    }

    /// <summary>Creates or updates a generic resource (PUT) and waits until ARM reports it provisioned.</summary>
    public Task PutAsync(ResourceIdentifier id, IReadOnlyDictionary<string, string> tags, object properties, CancellationToken cancellationToken, string? sku = null)
    {
        var data = new GenericResourceData(new AzureLocation(_options.Location)) { Properties = BinaryData.FromObjectAsJson(properties) };
        if (sku is not null)
        {
            data.Sku = new ResourcesSku { Name = sku };
        }

        foreach (var (key, value) in tags)
        {
            data.Tags[key] = value;
        }

        return Call($"create {id.ResourceType.Type} {id.Name}", async ct =>
        {
            var op = await Client.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Started, id, data, ct);
            await op.WaitForCompletionAsync(_options.PollInterval, ct);
        }, cancellationToken);
    }

    /// <summary>The <c>properties</c> object of a generic resource.</summary>
    public async Task<JsonElement> PropertiesAsync(ResourceIdentifier id, CancellationToken cancellationToken)
    {
        JsonElement result = default;
        await Call($"read {id.ResourceType.Type} {id.Name}", async ct =>
        {
            var resource = await Client.GetGenericResource(id).GetAsync(ct);
            result = resource.Value.Data.Properties?.ToObjectFromJson<JsonElement>() ?? default;
        }, cancellationToken);
        return result;
    }

    public Task DeleteAsync(ResourceIdentifier id, CancellationToken cancellationToken) =>
        Call($"delete {id.ResourceType.Type} {id.Name}", async ct =>
        {
            var op = await Client.GetGenericResource(id).DeleteAsync(WaitUntil.Started, ct);
            await op.WaitForCompletionResponseAsync(_options.PollInterval, ct);
        }, cancellationToken);

    public Task CreateVirtualMachineAsync(string group, string name, VirtualMachineData data, CancellationToken cancellationToken) =>
        Call($"create virtual machine {name}", async ct =>
        {
            var vms = Client.GetResourceGroupResource(GroupId(group)).GetVirtualMachines();
            var op = await vms.CreateOrUpdateAsync(WaitUntil.Started, name, data, ct);
            await op.WaitForCompletionAsync(_options.PollInterval, ct);
        }, cancellationToken);

    public ResourceIdentifier VirtualMachineId(string group, string name) =>
        VirtualMachineResource.CreateResourceIdentifier(_options.Subscription, group, name);

    public Task DeleteVirtualMachineAsync(string group, string name, CancellationToken cancellationToken) =>
        Call($"delete virtual machine {name}", async ct =>
        {
            var op = await Client.GetVirtualMachineResource(VirtualMachineId(group, name)).DeleteAsync(WaitUntil.Started, forceDeletion: true, ct);
            await op.WaitForCompletionResponseAsync(_options.PollInterval, ct);
        }, cancellationToken);

    public Task RestartVirtualMachineAsync(string group, string name, CancellationToken cancellationToken) =>
        Call($"restart virtual machine {name}", async ct =>
        {
            var op = await Client.GetVirtualMachineResource(VirtualMachineId(group, name)).RestartAsync(WaitUntil.Started, ct);
            await op.WaitForCompletionResponseAsync(_options.PollInterval, ct);
        }, cancellationToken);

    /// <summary>
    /// The VM's serial log from boot diagnostics: asks ARM for a short-lived SAS link and downloads it. The link is a
    /// credential; it is never logged or written anywhere.
    /// </summary>
    public async Task<string> SerialLogAsync(string group, string name, CancellationToken cancellationToken)
    {
        Uri? blob = null;
        await Call($"retrieve boot diagnostics of {name}", async ct =>
        {
            var result = await Client.GetVirtualMachineResource(VirtualMachineId(group, name)).RetrieveBootDiagnosticsDataAsync(5, ct);
            blob = result.Value.SerialConsoleLogBlobUri;
        }, cancellationToken);
        if (blob is null)
        {
            throw new InfrastructureException($"boot diagnostics of {name} have no serial log (is boot diagnostics enabled?)");
        }

        using var response = await _blobClient.GetAsync(blob, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InfrastructureException($"serial log of {name} could not be downloaded: storage answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public void Dispose() => _blobClient.Dispose();

    /// <summary>
    /// Runs one ARM call under the provisioning limit; turns ARM errors into one-line infrastructure errors and a
    /// limit reached (not the caller's cancellation) into a timeout that says which operation and how long.
    /// </summary>
    private async Task Call(string what, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(_options.ProvisionTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var started = _options.Time.GetTimestamp();
        try
        {
            await call(linked.Token);
            Log.ArmCallDone(_logger, what, _options.Time.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new InfrastructureException(
                $"Azure: {what} did not finish within {_options.ProvisionTimeout} ({AzureOptions.ProvisionTimeoutSetting})");
        }
        catch (RequestFailedException e)
        {
            throw new InfrastructureException($"Azure: {what} failed: {Describe(e)}", e);
        }
    }

    /// <summary>"429 TooManyRequests: first line of the message" — the SDK's message spans many lines and headers.</summary>
    internal static string Describe(RequestFailedException e)
    {
        var firstLine = e.Message.Split('\n', 2)[0].Trim();
        return e.Status == 0
            ? $"no answer ({firstLine})"
            : $"{e.Status} {e.ErrorCode ?? "error"}: {firstLine}";
    }
}
