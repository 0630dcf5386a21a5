using System.Net;
using System.Text;
using System.Text.Json;
using Harness.Failures;
using Harness.Machines;

namespace Harness.Platforms.Azure.Tests;

public sealed class AzurePlatformTests : IDisposable
{
    private readonly AzureFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Create_makes_a_tagged_run_group_network_and_a_vm_with_Ignition_user_data()
    {
        // Given
        var launch = _f.Launch();
        await using var platform = _f.Platform();

        // When
        var machine = await platform.CreateMachineAsync(launch, CancellationToken.None);

        // Then: run group, NSG, VNet, then public IP, NIC and VM, in that order
        var puts = _f.Arm.Requests.Where(r => r.StartsWith("PUT", StringComparison.Ordinal)).Select(r => r.Split('/')[^1]).ToArray();
        Assert.Equal([_f.Group, "harness-nsg", "harness-vnet", "cl-basic-m1-1-ip", "cl-basic-m1-1-nic", "cl-basic-m1-1"], puts);
        var group = JsonDocument.Parse(_f.Arm.Bodies[_f.Group]).RootElement;
        Assert.Equal("harness", group.GetProperty("tags").GetProperty("created-by").GetString());
        Assert.Equal("20261201-120000-abcd", group.GetProperty("tags").GetProperty("run-id").GetString());
        Assert.Equal("2026-12-01T12:00:00Z", group.GetProperty("tags").GetProperty("created-at").GetString());
        Assert.Equal("2026-12-01T18:00:00Z", group.GetProperty("tags").GetProperty("expires-at").GetString());
        Assert.Contains("\"destinationPortRange\":\"22\"", _f.Arm.Bodies["harness-nsg"], StringComparison.Ordinal);

        var vm = JsonDocument.Parse(_f.Arm.Bodies["cl-basic-m1-1"]).RootElement;
        var properties = vm.GetProperty("properties");
        Assert.Equal(launch.IgnitionJson, Encoding.UTF8.GetString(Convert.FromBase64String(properties.GetProperty("userData").GetString()!)));
        Assert.Equal("core", properties.GetProperty("osProfile").GetProperty("adminUsername").GetString());
        Assert.True(properties.GetProperty("diagnosticsProfile").GetProperty("bootDiagnostics").GetProperty("enabled").GetBoolean());
        var image = properties.GetProperty("storageProfile").GetProperty("imageReference");
        Assert.Equal("kinvolk", image.GetProperty("publisher").GetString());
        Assert.Equal("flatcar-container-linux-free", image.GetProperty("offer").GetString());
        Assert.Equal("stable-gen2", image.GetProperty("sku").GetString());
        Assert.Equal("stable-gen2", vm.GetProperty("plan").GetProperty("name").GetString());
        Assert.Equal("harness", vm.GetProperty("tags").GetProperty("created-by").GetString());
        Assert.Equal(new SshEndpoint("20.1.2.3", 22), machine.Ssh);
        Assert.All(_f.Arm.Authorizations, a => Assert.Equal("Bearer " + FakeCredential.Token, a));
    }

    [Fact]
    public async Task A_user_supplied_image_id_replaces_the_marketplace_image_and_plan()
    {
        _f.Options = _f.Options with { ImageId = $"/subscriptions/{AzureFixture.Subscription}/resourceGroups/img/providers/Microsoft.Compute/images/flatcar-dev" };
        await using var platform = _f.Platform();

        await platform.CreateMachineAsync(_f.Launch(), CancellationToken.None);

        var vm = JsonDocument.Parse(_f.Arm.Bodies["cl-basic-m1-1"]).RootElement;
        Assert.EndsWith("/images/flatcar-dev", vm.GetProperty("properties").GetProperty("storageProfile").GetProperty("imageReference").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.False(vm.TryGetProperty("plan", out _));
    }

    [Fact]
    public async Task Throttling_is_retried_after_the_delay_the_server_asked_for()
    {
        // Given: ARM throttles the first resource group PUT for 7 s
        _f.Arm.Fail(r => r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.EndsWith(_f.Group, StringComparison.OrdinalIgnoreCase), HttpStatusCode.TooManyRequests, "7");
        await using var platform = _f.Platform();

        // When
        await platform.InitializeAsync(CancellationToken.None);

        // Then: one wait of exactly 7 s on the (fake) clock, and the PUT was sent twice
        Assert.Equal([TimeSpan.FromSeconds(7)], _f.Clock.Delays);
        Assert.Equal(2, _f.Arm.Requests.Count(r => r == GroupRequest("PUT")));
        Assert.Contains(_f.Log.Lines, l => l.Contains("ARM answered 429; retry 1/6 in 7s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times_then_reported_in_one_line()
    {
        // Given: every NSG PUT fails with 503
        _f.Options = _f.Options with { MaxRetries = 3 };
        for (var i = 0; i < 10; i++)
        {
            _f.Arm.Fail(r => r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.EndsWith("harness-nsg", StringComparison.Ordinal), HttpStatusCode.ServiceUnavailable);
        }

        await using var platform = _f.Platform();

        // When
        var error = await Assert.ThrowsAsync<InfrastructureException>(() => platform.InitializeAsync(CancellationToken.None));

        // Then: 1 + 3 attempts, backoff delays within the cap, a message naming the call and the status
        Assert.Equal(4, _f.RequestsMatching("PUT").Count(r => r.EndsWith("harness-nsg", StringComparison.Ordinal)));
        Assert.Equal(3, _f.Clock.Delays.Count);
        Assert.All(_f.Clock.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMinutes(2)));
        Assert.StartsWith("Azure: create networkSecurityGroups harness-nsg failed: 503", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);

        // and the half-made run group is deleted again
        Assert.Single(_f.Arm.Requests, r => r == GroupRequest("DELETE"));
        Assert.False(_f.Arm.HasResourceGroup(AzureFixture.Subscription, _f.Group));
    }

    [Fact]
    public async Task A_failed_provisioning_still_collects_the_console_and_deletes_the_machine()
    {
        // Given
        _f.Arm.VmFailureCode = "OSProvisioningTimedOut";
        _f.Arm.SerialLog = _ => "UEFI firmware\n[    1.23] ignition[512]: fetch failed\nemergency shell\n";
        await using var platform = _f.Platform();

        // When
        var error = await Assert.ThrowsAsync<InfrastructureException>(() => platform.CreateMachineAsync(_f.Launch(), CancellationToken.None));

        // Then: the error names the call and ARM's code and quotes the console; console.txt holds the serial log
        Assert.StartsWith("Azure: create virtual machine cl-basic-m1-1 failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("OSProvisioningTimedOut", error.Message, StringComparison.Ordinal);
        Assert.Contains("ignition[512]: fetch failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("artifacts: " + _f.ArtifactDir, error.Message, StringComparison.Ordinal);
        Assert.Equal("UEFI firmware\n[    1.23] ignition[512]: fetch failed\nemergency shell\n", await File.ReadAllTextAsync(Path.Combine(_f.ArtifactDir, "console.txt")));
        Assert.Single(_f.RequestsMatching("DELETE"), r => r.EndsWith("/virtualMachines/cl-basic-m1-1", StringComparison.OrdinalIgnoreCase));
        Assert.Single(_f.RequestsMatching("DELETE"), r => r.EndsWith("/cl-basic-m1-1-nic", StringComparison.Ordinal));
        Assert.Single(_f.RequestsMatching("DELETE"), r => r.EndsWith("/cl-basic-m1-1-ip", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_run_group_is_deleted_at_the_end_even_after_a_failure()
    {
        // Given: a run whose only machine failed
        _f.Arm.VmFailureCode = "AllocationFailed";
        var platform = _f.Platform();
        await Assert.ThrowsAsync<InfrastructureException>(() => platform.CreateMachineAsync(_f.Launch(), CancellationToken.None));
        Assert.True(_f.Arm.HasResourceGroup(AzureFixture.Subscription, _f.Group));

        // When
        await platform.DisposeAsync();
        await platform.DisposeAsync();

        // Then: one DELETE of the group, which is gone with everything in it
        Assert.Single(_f.Arm.Requests, r => r == GroupRequest("DELETE"));
        Assert.Empty(_f.Arm.ResourceIds);
    }

    [Fact]
    public async Task Destroying_a_machine_fetches_its_serial_log_and_deletes_its_resources()
    {
        await using var platform = _f.Platform();
        var machine = await platform.CreateMachineAsync(_f.Launch(), CancellationToken.None);

        await machine.CollectArtifactsAsync(CancellationToken.None);
        await machine.DisposeAsync();

        Assert.StartsWith("Flatcar Container Linux serial console of cl-basic-m1-1", machine.Console.ReadAll(), StringComparison.Ordinal);
        Assert.Contains("ssh: 20.1.2.3:22", await File.ReadAllTextAsync(Path.Combine(_f.ArtifactDir, "azure-vm.txt")), StringComparison.Ordinal);
        Assert.DoesNotContain(_f.Arm.ResourceIds, id => id.Contains("cl-basic-m1-1", StringComparison.Ordinal));
        Assert.Contains(_f.Arm.ResourceIds, id => id.EndsWith("/harness-vnet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Provisioning_that_never_finishes_times_out_with_the_limit_named()
    {
        _f.Arm.VmNeverFinishes = true;
        _f.Options = _f.Options with { Time = TimeProvider.System, ProvisionTimeout = TimeSpan.FromSeconds(2) };
        await using var platform = _f.Platform();

        var error = await Assert.ThrowsAsync<InfrastructureException>(() => platform.CreateMachineAsync(_f.Launch(), CancellationToken.None));

        Assert.StartsWith("Azure: create virtual machine cl-basic-m1-1 did not finish within 00:00:02 (HARNESS_AZURE_PROVISION_TIMEOUT)", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_f.ArtifactDir, "console.txt")));
    }

    [Fact]
    public async Task No_token_or_SAS_link_appears_in_logs_or_artifacts()
    {
        // Given: a run with a successful machine, a failed one and teardown, all logged at Trace
        await using (var platform = _f.Platform())
        {
            var machine = await platform.CreateMachineAsync(_f.Launch(), CancellationToken.None);
            await machine.CollectArtifactsAsync(CancellationToken.None);
            await machine.DisposeAsync();
            _f.Arm.VmFailureCode = "OSProvisioningTimedOut";
            var error = await Assert.ThrowsAsync<InfrastructureException>(() => platform.CreateMachineAsync(_f.Launch() with { Name = "m2" }, CancellationToken.None));
            Assert.DoesNotContain(FakeCredential.Token, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(FakeArm.SasSignature, error.ToString(), StringComparison.Ordinal);
        }

        // Then: the token was really used, but is nowhere in the log or the artifact files
        Assert.True(_f.Credential.Requests > 0);
        Assert.NotEmpty(_f.Log.Lines);
        Assert.DoesNotContain(FakeCredential.Token, _f.Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("SAS-SECRET", _f.Log.Text, StringComparison.Ordinal);
        var files = Directory.GetFiles(_f.ArtifactDir, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain(FakeCredential.Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("SAS-SECRET", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Capabilities_say_what_Azure_offers_and_guests_cannot_reach_host_services()
    {
        using var platform = new DisposeGuard(_f.Platform());

        Assert.Equal(PlatformCapabilities.Reboot | PlatformCapabilities.PowerControl, platform.Value.Capabilities);
        Assert.Null(platform.Value.HostAddressForGuests);
        Assert.Equal("azure", platform.Value.Name);
    }

    private string GroupRequest(string method) => $"{method} /subscriptions/{AzureFixture.Subscription}/resourcegroups/{_f.Group}";

    private sealed class DisposeGuard(AzurePlatform value) : IDisposable
    {
        public AzurePlatform Value { get; } = value;

        public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
