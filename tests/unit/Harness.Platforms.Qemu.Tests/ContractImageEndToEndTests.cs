using System.Diagnostics;
using System.Globalization;
using Harness.Machines;
using Harness.Testing;
using Harness.Waiting;
using Xunit.Abstractions;

namespace Harness.Platforms.Qemu.Tests;

/// <summary>
/// Boots the contract image (artifacts/images/amd64/current/disk.qcow2, or HARNESS_IMAGE) with a trivial Ignition
/// config and waits for sshd to answer on the forwarded port. Skipped when the image or QEMU is missing.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ContractImageEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(4);
    private readonly TempDir _dir = new("hq-e2e");

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task The_contract_image_boots_to_sshd_and_disposal_leaves_no_qemu()
    {
        var image = ContractImage.Find();
        Skip.If(image is null, "no contract image: build it with images/contract/build or set HARNESS_IMAGE");
        Skip.If(ExecutableLookup.Find("ssh-keyscan") is null, "ssh-keyscan is not installed");
        var accel = Environment.GetEnvironmentVariable(QemuOptions.AcceleratorSetting);
        await using var platform = new QemuPlatform(new QemuOptions
        {
            ImagePath = image,
            StateDir = _dir.File("state"),
            Accelerator = PlatformFactory.ParseAccelerator(accel),
        });
        var artifacts = Directory.CreateDirectory(_dir.File("artifacts")).FullName;
        var launch = new MachineLaunch("e2e-m1", "{\"ignition\":{\"version\":\"3.3.0\"}}", MachineOptions.Default, artifacts);

        var clock = Stopwatch.StartNew();
        var machine = (QemuMachine)await platform.CreateMachineAsync(launch, CancellationToken.None);
        var created = clock.Elapsed;
        output.WriteLine($"platform: {platform.Description}");
        TimeSpan? firstOutput = null, kernel = null;
        string keys = "";
        var up = true;
        try
        {
            await Poll.UntilAsync(
                async ct =>
                {
                    var console = machine.Console.ReadAll();
                    firstOutput ??= console.Length > 0 ? clock.Elapsed : null;
                    kernel ??= console.Contains("Linux version", StringComparison.Ordinal) ? clock.Elapsed : null;
                    Assert.Null(machine.ExitReason);
                    var scan = await QemuTools.RunAsync(
                        "ssh-keyscan", ["-T", "2", "-p", machine.Ssh.Port.ToString(CultureInfo.InvariantCulture), "127.0.0.1"], TimeSpan.FromSeconds(10), ct);
                    keys = scan.Stdout;
                    return (scan.Stdout.Contains("ssh-", StringComparison.Ordinal), "no host keys yet");
                },
                new PollOptions("sshd to answer") { Where = machine.Name, Timeout = BootLimit, Interval = TimeSpan.FromSeconds(1) },
                CancellationToken.None);
        }
        catch (WaitTimeoutException)
        {
            up = false;
        }

        var sshReady = clock.Elapsed;

        output.WriteLine($"created {created.TotalSeconds:0.0}s, first console output {firstOutput?.TotalSeconds:0.0}s, kernel {kernel?.TotalSeconds:0.0}s, sshd answered {sshReady.TotalSeconds:0.0}s");
        Assert.True(up, $"sshd did not answer within {BootLimit}; console tail:\n{Tail(machine.Console.ReadAllClean())}");
        output.WriteLine(keys.Trim());

        var pid = machine.QemuPid;
        clock.Restart();
        await machine.DisposeAsync();
        output.WriteLine($"disposed in {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.Null(ProcInfo.StartTime(pid));
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];
}
