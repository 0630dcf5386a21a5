using Harness.Machines;
using Harness.Platforms.Qemu;
using Harness.Ssh;
using Harness.Testing;
using Xunit.Abstractions;

namespace Harness.Platforms.Azure.Tests;

/// <summary>
/// The whole path on the Azure platform — fake ARM endpoint, SDK, Polly, Ignition in user data — with a local QEMU
/// machine standing in for the VM: when the VM is PUT, the fake boots the contract image with the Ignition config it
/// got as user data, reports 127.0.0.1 as the public IP, serves the QEMU console as the boot-diagnostics serial log,
/// and stops QEMU when the VM is deleted. The core then reaches SSH-ready with the pinned host key and runs commands.
/// Skipped (with the reason) when the contract image, QEMU or ssh is missing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AzureOnQemuIntegrationTests(ITestOutputHelper output) : IDisposable
{
    private readonly AzureFixture _f = new();

    public void Dispose() => _f.Dispose();

    [SkippableFact]
    public async Task A_machine_on_the_Azure_platform_becomes_SSH_ready_and_its_console_is_collected()
    {
        // Given: the contract image and a QEMU platform to stand in for Azure's hypervisor
        var image = ContractImage.Find();
        Skip.If(image is null, "no contract image: build it with images/contract/build or set HARNESS_IMAGE");
        Skip.If(!File.Exists("/usr/bin/qemu-system-x86_64") || !File.Exists("/usr/bin/ssh"), "qemu-system-x86_64 or ssh is not installed");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var accel = Environment.GetEnvironmentVariable(QemuOptions.AcceleratorSetting);
        await using var qemu = new QemuPlatform(new QemuOptions
        {
            ImagePath = image,
            StateDir = Path.Combine(_f.ArtifactDir, "qemu-state"),
            Accelerator = string.IsNullOrEmpty(accel) ? QemuAccelerator.Tcg : PlatformFactory.ParseAccelerator(accel),
        });
        IMachineBackend? standIn = null;
        var qemuArtifacts = Directory.CreateDirectory(Path.Combine(_f.ArtifactDir, "qemu")).FullName;
        _f.Arm.PublicIp = "127.0.0.1";
        _f.Arm.OnVmCreated = async (vm, userData) =>
            standIn = await qemu.CreateMachineAsync(new MachineLaunch(vm, userData, MachineOptions.Default, qemuArtifacts), cancel.Token);
        _f.Arm.SerialLog = _ => standIn?.Console.ReadAll() ?? "";
        _f.Arm.OnVmDeleted = async _ =>
        {
            if (standIn is not null)
            {
                await standIn.DisposeAsync();
            }
        };
        _f.Options = _f.Options with { Time = TimeProvider.System, SshEndpointFor = ip => new SshEndpoint(ip, standIn!.Ssh.Port) };
        var azure = _f.Platform();
        var machineDir = Directory.CreateDirectory(Path.Combine(_f.ArtifactDir, "azure-m1")).FullName;
        var clientKey = await SshKeyPair.GenerateAsync(Directory.CreateDirectory(Path.Combine(_f.ArtifactDir, "secrets")).FullName, "azure test", cancel.Token);
        var context = new MachineContext("azure-m1", machineDir, clientKey) { LoggerFactory = _f.Log.Factory() };

        try
        {
            // When
            string user, osRelease;
            await using (var machine = await Machine.StartAsync(azure, MachineSpec.Default.WithName("azure-m1"), context, cancel.Token))
            {
                user = await machine.SucceedAsync("id -un", cancellationToken: cancel.Token);
                osRelease = await machine.SucceedAsync("cat /etc/os-release", cancellationToken: cancel.Token);
            }

            // Then: SSH as core with the pinned host key, and the serial log was fetched into console.txt at destroy
            Assert.Equal("core", user.Trim());
            Assert.Contains("flatcar", osRelease, StringComparison.Ordinal);
            var console = await File.ReadAllTextAsync(Path.Combine(machineDir, "console.txt"), cancel.Token);
            Assert.Contains("Linux version", console, StringComparison.Ordinal);
            Assert.Contains(_f.Arm.Requests, r => r.StartsWith("DELETE", StringComparison.Ordinal) && r.EndsWith("/virtualMachines/azure-m1-1", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await azure.DisposeAsync();
            output.WriteLine(_f.Log.Text);
        }

        Assert.False(_f.Arm.HasResourceGroup(AzureFixture.Subscription, _f.Group));
    }
}
