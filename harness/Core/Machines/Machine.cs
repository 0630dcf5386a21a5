using Harness.Artifacts;
using Harness.ConsoleChecks;
using Harness.Failures;
using Harness.Ignition;
using Harness.Logging;
using Harness.Ssh;
using Harness.Waiting;
using Microsoft.Extensions.Logging;

namespace Harness.Machines;

/// <summary>
/// A running machine and the test vocabulary over it (NixOS-driver verbs, async): commands, waits, reboot, reset,
/// copies, journal, console. Written once over <see cref="IMachineBackend"/>; platforms only supply primitives.
/// Every wait watches the VM process and the console and stops early with <see cref="MachineCrashedException"/>.
/// Dispose with <c>await using</c>: it saves the journal, runs the console checks, collects artifacts and destroys the VM.
/// </summary>
public sealed partial class Machine : IAsyncDisposable
{
    private const int ModeOwnerReadWrite = 0b110_000_000;
    private const int ModeReadableByAll = 0b110_100_100;

    private readonly IMachineBackend _backend;
    private readonly ISshConnection? _ssh;
    private readonly MachineContext _context;
    private readonly PlatformCapabilities _capabilities;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private int _crashScanFrom;
    private volatile bool _sshUp;
    private string? _lastBootId;
    private Task? _disposal;

    private Machine(IMachineBackend backend, MachineSpec spec, MachineContext context, PlatformCapabilities capabilities, SshHostKeys? hostKeys)
    {
        var hostKey = hostKeys?.Pinned;
        HostPublicKeys = hostKeys is null ? [] : [.. hostKeys.Keys.Select(k => (k.Type, k.Pair.PublicKeyBlob))];
        _backend = backend;
        _context = context;
        _capabilities = capabilities;
        _time = context.TimeProvider;
        _logger = context.LoggerFactory.CreateLogger<Machine>();
        Spec = spec;
        if (hostKey is not null)
        {
            var settings = new SshConnectionSettings(context.Name, backend.Ssh, context.ClientKey, hostKey.PublicKey, Path.Combine(context.ArtifactDir, "ssh"))
            {
                User = context.SshUser,
            };
            _ssh = context.SshConnectionFactory?.Invoke(settings)
                ?? new SshConnection(settings, context.TimeProvider, context.LoggerFactory.CreateLogger<SshConnection>());
        }
    }

    /// <summary>The machine's unique name in the run (<see cref="MachineContext.Name"/>).</summary>
    public string Name => _context.Name;

    /// <summary>This machine's artifact folder (console.txt, journal.txt, ignition.json, ssh/).</summary>
    public string ArtifactDir => _context.ArtifactDir;

    /// <summary>The spec it was started from.</summary>
    public MachineSpec Spec { get; }

    /// <summary>The serial console captured so far (all boots).</summary>
    public string ConsoleText => ReadConsole();

    /// <summary>
    /// The public halves of the host keys the harness injected (<c>ssh-TYPE AAAA…</c>, no comment), one per type; the
    /// ed25519 one is pinned. Empty when started with <see cref="MachineSpec.RawIgnition"/>.
    /// </summary>
    public IReadOnlyList<(SshKeyType Type, string PublicKey)> HostPublicKeys { get; }

    /// <summary>Whether the machine has SSH (false when started with <see cref="MachineSpec.RawIgnition"/>).</summary>
    public bool HasSsh => _ssh is not null;

    /// <summary>A command line that reaches the machine like the harness does (for keeping machines to debug); null without SSH.</summary>
    public string? SshCommandLine => _ssh?.CommandLineForHumans;

    /// <summary>
    /// Starts a machine: generates its SSH host keys, adds the run's client key for <c>core</c> and the host keys to the
    /// Ignition config (unless raw), writes <c>ignition.json</c>, creates the VM and waits until SSH answers
    /// (<see cref="Timeouts.SshReady"/>). If the machine never becomes usable, its artifacts are collected and it is
    /// destroyed before the exception leaves.
    /// </summary>
    /// <exception cref="InfrastructureException">The platform failed, or SSH never came up.</exception>
    /// <exception cref="MachineCrashedException">The VM exited or the console showed a crash while waiting for SSH.</exception>
    /// <exception cref="ArgumentException">A console-check opt-out names an unknown check.</exception>
    public static async Task<Machine> StartAsync(
        IPlatform platform,
        MachineSpec spec,
        MachineContext context,
        CancellationToken cancellationToken = default) =>
        (await BootAsync(platform, spec, context, cancellationToken)).Machine;

    /// <summary><see cref="StartAsync"/>, also returning the config passed (with host keys) and the reported one.</summary>
    private static async Task<(Machine Machine, SshHostKeys? HostKeys, string IgnitionJson, string ReportedIgnitionJson)> BootAsync(
        IPlatform platform,
        MachineSpec spec,
        MachineContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        ConsoleChecker.Scan("", ConsoleChecker.ConsoleSource, context.Name, context.ConsoleOptOuts);

        var logger = context.LoggerFactory.CreateLogger<Machine>();
        var started = context.TimeProvider.GetTimestamp();
        HarnessLog.MachineStarting(logger, context.Name, platform.Name);
        Directory.CreateDirectory(context.ArtifactDir);

        if (spec.PrivateNic is not null && !platform.Capabilities.HasFlag(PlatformCapabilities.PrivateNetwork))
        {
            throw new InfrastructureException(
                $"{context.Name} asks for a private network, which platform '{platform.Name}' cannot give; mark the test Requires = PlatformCapabilities.PrivateNetwork");
        }

        if (spec.PrivateNic is not null && spec.RawIgnition is not null)
        {
            throw new ArgumentException($"{context.Name}: a private network needs a typed Ignition config (the harness adds the interface's address); drop the raw config or the network", nameof(spec));
        }

        SshHostKeys? hostKeys = null;
        string ignitionJson;
        string reportedIgnitionJson;
        if (spec.RawIgnition is { } raw)
        {
            ignitionJson = raw;
            reportedIgnitionJson = IgnitionRedaction.Redact(raw, SecretScan.FromEnvironment());
        }
        else
        {
            // The host private keys exist on the host only while the config is rendered: they are secrets of the guest,
            // so they are neither kept on disk nor written to the reported ignition.json.
            var keyDir = Directory.CreateTempSubdirectory("harness-hostkey-");
            try
            {
                hostKeys = await SshHostKeys.GenerateAsync(keyDir.FullName, $"{context.Name} host key", context.ProcessRunner, cancellationToken);
                var config = Updates.UpdateLockDown.AddTo(WithHarnessKeys(spec.Ignition, context, hostKeys));
                if (spec.PrivateNic is { } nic)
                {
                    config = nic.AddTo(config);
                }

                ignitionJson = config.ToJson();
                reportedIgnitionJson = IgnitionRedaction.Redact(RedactHostKey(config).ToJson(), SecretScan.FromEnvironment());
            }
            finally
            {
                keyDir.Delete(recursive: true);
            }
        }

        await AtomicFile.WriteAllTextAsync(Path.Combine(context.ArtifactDir, "ignition.json"), reportedIgnitionJson, cancellationToken);
        var backend = await platform.CreateMachineAsync(
            new MachineLaunch(context.Name, ignitionJson, spec.Options, context.ArtifactDir) { PrivateNic = spec.PrivateNic },
            cancellationToken);

        var machine = new Machine(backend, spec, context, platform.Capabilities, hostKeys);
        if (machine._ssh is null)
        {
            var bootTime = context.TimeProvider.GetElapsedTime(started);
            HarnessLog.MachineStarted(logger, context.Name, bootTime, context.ArtifactDir);
            return (machine, hostKeys, ignitionJson, reportedIgnitionJson);
        }

        await machine.WaitUntilReadyOrDisposeAsync("", resumed: false, cancellationToken);

        var elapsed = context.TimeProvider.GetElapsedTime(started);
        HarnessLog.MachineStarted(logger, context.Name, elapsed, context.ArtifactDir);
        return (machine, hostKeys, ignitionJson, reportedIgnitionJson);
    }

    /// <summary>
    /// Waits until SSH answers (<see cref="Timeouts.SshReady"/>; <paramref name="resumed"/>: see
    /// <see cref="WaitForSshAsync"/>) and returns the boot id. On any failure the machine is disposed before the
    /// exception leaves; a timeout becomes an <see cref="InfrastructureException"/> with the console's evidence
    /// (<paramref name="origin"/> is appended to the machine's name in it, e.g. " restored from …").
    /// </summary>
    private async Task<string> WaitUntilReadyOrDisposeAsync(string origin, bool resumed, CancellationToken cancellationToken)
    {
        try
        {
            return await WaitForSshAsync(previousBootId: null, Timeouts.SshReady, "SSH", cancellationToken, resumed);
        }
        catch (WaitTimeoutException e)
        {
            var console = ReadConsole();
            await DisposeAsync();
            throw new InfrastructureException(
                MachineFailures.Crashed(
                    $"SSH never came up on {Name}{origin}: timed out after {e.Elapsed.ToShortText()} (limit {e.Limit.ToShortText()}); last: {e.LastObservation}",
                    console,
                    ArtifactDir),
                e);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The config actually passed: <paramref name="config"/> plus the client key for the SSH user and the host key files
    /// of every type (<c>/etc/ssh/ssh_host_TYPE_key</c> 0600 and <c>.pub</c> 0644, root-owned, overwriting; the client
    /// pins the ed25519 one).
    /// </summary>
    public static IgnitionConfig WithHarnessKeys(IgnitionConfig config, MachineContext context, SshHostKeys hostKeys)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(hostKeys);
        var own = config.Files.FirstOrDefault(f => SshHostKeys.Types.Any(t => f.Path == t.HostKeyPath() || f.Path == t.HostKeyPath() + ".pub"));
        if (own is not null)
        {
            throw new ArgumentException(
                $"the Ignition config of {context.Name} writes {own.Path} itself; the harness injects the SSH host keys (and pins one), so leave that path out",
                nameof(config));
        }

        var root = IgnitionOwner.FromId(0);
        var withKeys = config.WithSshKey(context.SshUser, context.ClientKey.PublicKey);
        foreach (var (type, pair) in hostKeys.Keys)
        {
            withKeys = withKeys
                .WithFile(new IgnitionFile(type.HostKeyPath())
                {
                    Contents = IgnitionResource.FromText(pair.ReadPrivateKey()),
                    Mode = ModeOwnerReadWrite,
                    User = root,
                    Group = root,
                    Overwrite = true,
                })
                .WithFile(new IgnitionFile(type.HostKeyPath() + ".pub")
                {
                    Contents = IgnitionResource.FromText(pair.PublicKey + "\n"),
                    Mode = ModeReadableByAll,
                    User = root,
                    Group = root,
                    Overwrite = true,
                });
        }

        return withKeys;
    }

    /// <summary>The text that replaces each injected host private key in reported configs (<c>ignition.json</c> artifacts).</summary>
    public const string RedactedHostKey = "<redacted: SSH host private key generated by the harness for this machine>\n";

    /// <summary>
    /// <paramref name="config"/> with the contents of every injected host private key replaced by <see cref="RedactedHostKey"/>:
    /// the form written to the machine's <c>ignition.json</c> artifact.
    /// </summary>
    public static IgnitionConfig RedactHostKey(IgnitionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config with
        {
            Files = [.. config.Files.Select(f => SshHostKeys.Types.Any(t => f.Path == t.HostKeyPath())
                ? f with { Contents = IgnitionResource.FromText(RedactedHostKey, allowCompression: false) }
                : f)],
        };
    }

    private ISshConnection RequireSsh()
    {
        ThrowIfDisposed();
        return _ssh ?? throw new InvalidOperationException($"machine {Name} was started with a raw Ignition config and has no SSH");
    }

    private void ThrowIfDisposed()
    {
        if (_disposal is not null)
        {
            throw new ObjectDisposedException(nameof(Machine), $"machine {Name} was disposed");
        }
    }

    private string ReadConsole()
    {
        try
        {
            return _backend.Console.ReadAll();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
