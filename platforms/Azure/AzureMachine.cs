using System.Globalization;
using System.Text;
using Azure.Core;
using Harness.Artifacts;
using Harness.Failures;
using Harness.Machines;
using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Azure;

/// <summary>
/// One Azure VM with its public IP and NIC in the run's resource group. The console is boot diagnostics' serial log,
/// fetched into <c>console.txt</c> when artifacts are collected and again at destroy. Dispose deletes the VM, NIC and
/// public IP (the resource group goes at the end of the run anyway); idempotent, never throws.
/// </summary>
internal sealed class AzureMachine : IMachineBackend
{
    private readonly AzureArm _arm;
    private readonly AzureMachineNames _names;
    private readonly string _artifactDir;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AzureConsoleLog _console;
    private readonly Action<AzureMachine> _onDisposed;
    private int _disposed;

    public AzureMachine(AzureArm arm, AzureMachineNames names, string artifactDir, SshEndpoint ssh, ILogger logger, TimeProvider time, Action<AzureMachine> onDisposed)
    {
        _arm = arm;
        _names = names;
        _artifactDir = artifactDir;
        _logger = logger;
        _time = time;
        _onDisposed = onDisposed;
        _console = new AzureConsoleLog(Path.Combine(artifactDir, "console.txt"));
        Ssh = ssh;
    }

    public string Name => _names.Machine;

    public SshEndpoint Ssh { get; }

    public IConsoleLog Console => _console;

    /// <summary>Always null: ARM has no cheap way to watch a VM stop; a dead VM shows as SSH failing.</summary>
    public string? ExitReason => null;

    /// <summary>VM restart through ARM (the hypervisor restarts the VM; no clean shutdown inside the guest).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        Log.MachineReset(_logger, Name);
        await _arm.RestartVirtualMachineAsync(_names.Group, _names.Vm, cancellationToken);
    }

    /// <summary>Fetches the serial log into console.txt and writes azure-vm.txt. Never throws.</summary>
    public async Task CollectArtifactsAsync(CancellationToken cancellationToken)
    {
        await FetchConsoleAsync(_arm, _names, _artifactDir, _logger, cancellationToken);
        try
        {
            var text = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"vm: {_arm.VirtualMachineId(_names.Group, _names.Vm)}\n")
                .Append(CultureInfo.InvariantCulture, $"ssh: {Ssh.Host}:{Ssh.Port}\n")
                .ToString();
            await AtomicFile.WriteAllTextAsync(Path.Combine(_artifactDir, "azure-vm.txt"), text, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            Log.CleanupFailed(_logger, "writing azure-vm.txt", e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var started = _time.GetTimestamp();
        await FetchConsoleAsync(_arm, _names, _artifactDir, _logger, CancellationToken.None);
        await DeleteResourcesAsync(_arm, _names, vmCreated: true, _logger);
        _onDisposed(this);
        Log.MachineDestroyed(_logger, Name, _time.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Downloads the serial log into console.txt; on failure logs a warning and keeps what was there. Never throws.</summary>
    internal static async Task FetchConsoleAsync(AzureArm arm, AzureMachineNames names, string artifactDir, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var log = await arm.SerialLogAsync(names.Group, names.Vm, cancellationToken);
            await AtomicFile.WriteAllTextAsync(Path.Combine(artifactDir, "console.txt"), log, cancellationToken);
        }
        catch (Exception e) when (e is InfrastructureException or HttpRequestException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            Log.SerialLogFailed(logger, names.Machine, e.Message.Split('\n', 2)[0]);
        }
    }

    /// <summary>Deletes the VM (when it was requested), its NIC and public IP, tolerating each step's failure. Never throws.</summary>
    internal static async Task DeleteResourcesAsync(AzureArm arm, AzureMachineNames names, bool vmCreated, ILogger logger)
    {
        var steps = new List<(string What, Func<Task> Step)>();
        if (vmCreated)
        {
            steps.Add(($"VM {names.Vm}", () => arm.DeleteVirtualMachineAsync(names.Group, names.Vm, CancellationToken.None)));
        }

        steps.Add(($"NIC {names.Nic}", () => arm.DeleteAsync(names.NicId(arm), CancellationToken.None)));
        steps.Add(($"public IP {names.PublicIp}", () => arm.DeleteAsync(names.PublicIpId(arm), CancellationToken.None)));
        foreach (var (what, step) in steps)
        {
            try
            {
                await step();
            }
            catch (Exception e) when (e is InfrastructureException or HttpRequestException or OperationCanceledException)
            {
                Log.CleanupFailed(logger, "deleting " + what, e.Message.Split('\n', 2)[0]);
            }
        }
    }
}
