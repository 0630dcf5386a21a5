using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Testing;

namespace Harness.Platforms.Azure.Tests;

/// <summary>
/// The ARM request bodies the platform sends, as golden files (<c>Golden/*.json</c>, indented; refresh with
/// <c>HARNESS_UPDATE_GOLDEN=1</c> and review the diff).
/// </summary>
public sealed class ArmBodyGoldenTests : IDisposable
{
    private readonly AzureFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Theory]
    [InlineData("harness-20261201-120000-abcd", "arm-resource-group.json")]
    [InlineData("harness-nsg", "arm-nsg.json")]
    [InlineData("harness-vnet", "arm-vnet.json")]
    [InlineData("cl-basic-m1-1-ip", "arm-public-ip.json")]
    [InlineData("cl-basic-m1-1-nic", "arm-nic.json")]
    [InlineData("cl-basic-m1-1", "arm-vm.json")]
    public async Task Request_bodies_match_their_golden_files(string resource, string golden)
    {
        await using (var platform = _f.Platform())
        {
            await platform.CreateMachineAsync(_f.Launch(), CancellationToken.None);
        }

        var body = JsonNode.Parse(_f.Arm.Bodies[resource])!;
        GoldenFile.VerifyBeside(golden, body.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
