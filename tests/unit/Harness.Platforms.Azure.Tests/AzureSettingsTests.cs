using Harness.Machines;
using Harness.Settings;

namespace Harness.Platforms.Azure.Tests;

public sealed class AzureSettingsTests
{
    private static readonly Dictionary<string, string> Valid = new()
    {
        ["HARNESS_AZURE_SUBSCRIPTION"] = AzureFixture.Subscription,
    };

    private static PlatformSettings Settings(Dictionary<string, string> variables, string channel = "stable") =>
        new("azure", Arch.Amd64, "") { Channel = channel, Variables = n => variables.GetValueOrDefault(n) };

    [Fact]
    public void The_factory_creates_the_Azure_platform_from_HARNESS_AZURE_variables()
    {
        var variables = new Dictionary<string, string>(Valid)
        {
            ["HARNESS_AZURE_LOCATION"] = "northeurope",
            ["HARNESS_AZURE_SIZE"] = "Standard_D4s_v5",
            ["HARNESS_AZURE_TTL"] = "3h",
        };

        var options = PlatformFactory.AzureOptionsFrom(Settings(variables, channel: "beta"));

        Assert.Equal("northeurope", options.Location);
        Assert.Equal("Standard_D4s_v5", options.Size);
        Assert.Equal("beta-gen2", options.Sku);
        Assert.Equal(TimeSpan.FromHours(3), options.TimeToLive);
        Assert.Equal(TimeSpan.FromMinutes(15), options.ProvisionTimeout);
    }

    [Theory]
    [InlineData("alpha", "alpha-gen2")]
    [InlineData("lts", "lts-gen2")]
    [InlineData("developer", "stable-gen2")]
    [InlineData(null, "stable-gen2")]
    public void The_channel_picks_the_gen2_sku(string? channel, string sku) => Assert.Equal(sku, AzureOptions.SkuForChannel(channel));

    [Theory]
    [InlineData(null, null, "HARNESS_AZURE_SUBSCRIPTION is not set: give the subscription id (az account show --query id -o tsv) to run on Azure")]
    [InlineData("HARNESS_AZURE_SUBSCRIPTION", "my-sub", "HARNESS_AZURE_SUBSCRIPTION='my-sub' is not a subscription id: expected a GUID like 00000000-0000-0000-0000-000000000000")]
    [InlineData("HARNESS_AZURE_LOCATION", "West Europe", "HARNESS_AZURE_LOCATION='West Europe' is not valid: expected a region name like westeurope")]
    [InlineData("HARNESS_AZURE_IMAGE", "flatcar.vhd", "HARNESS_AZURE_IMAGE='flatcar.vhd' is not an image resource id: expected /subscriptions/…/providers/Microsoft.Compute/images/… or …/galleries/…/versions/…")]
    [InlineData("HARNESS_AZURE_TTL", "soon", "HARNESS_AZURE_TTL='soon' is not valid: expected " + DurationParser.Expected)]
    public void Bad_settings_fail_in_one_line_naming_the_variable(string? name, string? value, string message)
    {
        var variables = name is null ? new Dictionary<string, string>() : new Dictionary<string, string>(Valid) { [name] = value! };

        var e = Assert.ThrowsAny<AzureSettingsException>(() => PlatformFactory.Create(Settings(variables), null));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void HARNESS_PLATFORM_azure_needs_no_local_disk_image()
    {
        var root = Directory.CreateTempSubdirectory("harness-azure-settings-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "Harness.sln"), "");
            var env = new Dictionary<string, string> { ["HARNESS_PLATFORM"] = "azure" };
            var settings = HarnessSettingsLoader.Load(new SettingsSources(n => env.GetValueOrDefault(n), root, root, Arch.Amd64));

            Assert.Equal("azure", settings.Platform);
            Assert.Equal("", settings.ImagePath);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
