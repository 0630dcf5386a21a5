using System.Globalization;
using Azure.Core;
using Harness.Machines;
using Harness.Settings;

namespace Harness.Platforms.Azure;

/// <summary>
/// What the Azure platform is configured with. Immutable; <see cref="FromVariables"/> reads the <c>HARNESS_AZURE_*</c>
/// environment variables, <see cref="Validate"/> checks them (one line per problem, naming the variable).
/// Credentials are never settings: <see cref="Credential"/> defaults to <c>DefaultAzureCredential</c> (environment,
/// workload identity, managed identity, Azure CLI), so no secret passes through the harness's settings or logs.
/// </summary>
public sealed record AzureOptions
{
    /// <summary>Variable naming the subscription.</summary>
    public const string SubscriptionSetting = "HARNESS_AZURE_SUBSCRIPTION";

    /// <summary>Variable naming the region.</summary>
    public const string LocationSetting = "HARNESS_AZURE_LOCATION";

    /// <summary>Variable naming the VM size.</summary>
    public const string SizeSetting = "HARNESS_AZURE_SIZE";

    /// <summary>Variable naming a user-supplied image (a managed image or gallery image version resource id).</summary>
    public const string ImageSetting = "HARNESS_AZURE_IMAGE";

    /// <summary>Variable naming the marketplace SKU (default: the channel's gen2 SKU).</summary>
    public const string SkuSetting = "HARNESS_AZURE_SKU";

    /// <summary>Variable naming the marketplace image version.</summary>
    public const string ImageVersionSetting = "HARNESS_AZURE_IMAGE_VERSION";

    /// <summary>Variable naming how long a run's resource group may live before <c>harness gc</c> may delete it.</summary>
    public const string TtlSetting = "HARNESS_AZURE_TTL";

    /// <summary>Variable naming the limit for one VM's provisioning.</summary>
    public const string ProvisionTimeoutSetting = "HARNESS_AZURE_PROVISION_TIMEOUT";

    /// <summary>Marketplace publisher of Flatcar.</summary>
    public const string Publisher = "kinvolk";

    /// <summary>Marketplace offer of Flatcar (the free one).</summary>
    public const string Offer = "flatcar-container-linux-free";

    /// <summary>Subscription id (GUID). Required.</summary>
    public string Subscription { get; init; } = "";

    /// <summary>Region. Default <c>westeurope</c>.</summary>
    public string Location { get; init; } = "westeurope";

    /// <summary>VM size. Default <c>Standard_D2s_v5</c> (gen2-capable, 2 vCPUs, 8 GiB).</summary>
    public string Size { get; init; } = "Standard_D2s_v5";

    /// <summary>Image resource id instead of the marketplace image; null: marketplace.</summary>
    public string? ImageId { get; init; }

    /// <summary>Marketplace SKU. Default <c>stable-gen2</c>; the factory derives it from <c>HARNESS_CHANNEL</c>.</summary>
    public string Sku { get; init; } = "stable-gen2";

    /// <summary>Marketplace image version. Default <c>latest</c>.</summary>
    public string ImageVersion { get; init; } = "latest";

    /// <summary>How long the run's resource group is meant to live (its <c>expires-at</c> tag). Default 6 hours.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Limit for one ARM long-running operation (VM creation, deletion). Default 15 minutes.</summary>
    public TimeSpan ProvisionTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a long-running operation is polled. Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of one ARM request answered 408, 429 or 5xx (or not answered). Default 6.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First backoff when the answer has no <c>Retry-After</c> (exponential, jittered). Default 2 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait honoured for one <c>Retry-After</c> or backoff. Default 2 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Run id used in resource names and the <c>run-id</c> tag; null: a new one.</summary>
    public string? RunId { get; init; }

    /// <summary>Azure credential; null: <c>DefaultAzureCredential</c>.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Clock for tags, garbage collection and retry delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Test seam: the HTTP handler ARM requests and serial-log downloads go through (a fake ARM endpoint).</summary>
    internal HttpMessageHandler? Transport { get; init; }

    /// <summary>Test seam: where SSH reaches a VM with this public IP (default: port 22 on the IP).</summary>
    internal Func<string, SshEndpoint>? SshEndpointFor { get; init; }

    /// <summary>The marketplace SKU for a release channel: gen2 images (<c>stable-gen2</c>, …).</summary>
    public static string SkuForChannel(string? channel) => channel?.Trim().ToLowerInvariant() switch
    {
        "alpha" => "alpha-gen2",
        "beta" => "beta-gen2",
        "lts" => "lts-gen2",
        _ => "stable-gen2",
    };

    /// <summary>
    /// Reads <c>HARNESS_AZURE_*</c> through <paramref name="variables"/> (null/blank = unset); <paramref name="channel"/>
    /// picks the default SKU. Does not validate (see <see cref="Validate"/>).
    /// </summary>
    /// <exception cref="AzureSettingsException">A duration does not parse.</exception>
    public static AzureOptions FromVariables(Func<string, string?> variables, string? channel)
    {
        ArgumentNullException.ThrowIfNull(variables);
        string? Get(string name) => variables(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var defaults = new AzureOptions();
        return new AzureOptions
        {
            Subscription = Get(SubscriptionSetting) ?? "",
            Location = Get(LocationSetting) ?? defaults.Location,
            Size = Get(SizeSetting) ?? defaults.Size,
            ImageId = Get(ImageSetting),
            Sku = Get(SkuSetting) ?? SkuForChannel(channel),
            ImageVersion = Get(ImageVersionSetting) ?? defaults.ImageVersion,
            TimeToLive = Duration(TtlSetting, Get(TtlSetting), defaults.TimeToLive),
            ProvisionTimeout = Duration(ProvisionTimeoutSetting, Get(ProvisionTimeoutSetting), defaults.ProvisionTimeout),
        };
    }

    /// <summary>Checks the options; the first problem is thrown as one line naming the variable.</summary>
    /// <exception cref="AzureSettingsException">A setting is missing or malformed.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Subscription))
        {
            throw new AzureSettingsException(SubscriptionSetting,
                $"{SubscriptionSetting} is not set: give the subscription id (az account show --query id -o tsv) to run on Azure");
        }

        if (!Guid.TryParse(Subscription, out _))
        {
            throw new AzureSettingsException(SubscriptionSetting,
                $"{SubscriptionSetting}='{Subscription}' is not a subscription id: expected a GUID like 00000000-0000-0000-0000-000000000000");
        }

        Require(LocationSetting, Location, c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c), "a region name like westeurope");
        Require(SizeSetting, Size, c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-', "a VM size like Standard_D2s_v5");
        Require(SkuSetting, Sku, c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.', "a marketplace SKU like stable-gen2");
        Require(ImageVersionSetting, ImageVersion, c => char.IsAsciiDigit(c) || c == '.' || char.IsAsciiLetterLower(c), "latest or a version like 4230.2.1");
        if (ImageId is not null
            && (!ImageId.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)
                || !ImageId.Contains("/providers/Microsoft.Compute/", StringComparison.OrdinalIgnoreCase)))
        {
            throw new AzureSettingsException(ImageSetting,
                $"{ImageSetting}='{ImageId}' is not an image resource id: expected /subscriptions/…/providers/Microsoft.Compute/images/… or …/galleries/…/versions/…");
        }

        if (TimeToLive <= TimeSpan.Zero)
        {
            throw new AzureSettingsException(TtlSetting, $"{TtlSetting} must be positive (e.g. 6h)");
        }

        if (ProvisionTimeout <= TimeSpan.Zero)
        {
            throw new AzureSettingsException(ProvisionTimeoutSetting, $"{ProvisionTimeoutSetting} must be positive (e.g. 15m)");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
    }

    private static void Require(string setting, string value, Func<char, bool> allowed, string expected)
    {
        if (string.IsNullOrEmpty(value) || !value.All(allowed))
        {
            throw new AzureSettingsException(setting, $"{setting}='{value}' is not valid: expected {expected}");
        }
    }

    private static TimeSpan Duration(string setting, string? text, TimeSpan fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return DurationParser.TryParse(text, out var value)
            ? value
            : throw new AzureSettingsException(setting, string.Create(CultureInfo.InvariantCulture, $"{setting}='{text}' is not valid: expected {DurationParser.Expected}"));
    }
}
