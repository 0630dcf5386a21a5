using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Harness.Failures;
using Harness.Machines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Platforms.Qemu;

/// <summary>
/// Boots machines with QEMU as an ordinary user: user-mode networking with SSH forwarded from 127.0.0.1, UEFI
/// firmware in pflash, Ignition via fw_cfg. One instance per run. The constructor only validates the options;
/// the first <see cref="CreateMachineAsync"/> (or <see cref="InitializeAsync"/>) sweeps leftovers of dead runs and
/// chooses the accelerator (KVM only when a probe guest really runs under it; the verdict is cached).
/// QEMU processes die with the harness, even when it is killed.
/// </summary>
public sealed partial class QemuPlatform : IPlatform
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly ConcurrentDictionary<QemuMachine, byte> _machines = new();
    private readonly ConcurrentDictionary<string, string> _snapshots = new();
    private readonly IKvmProbeRunner? _probeRunner;
    private readonly TimeProvider _time;
    private volatile QemuSetup? _setup;
    private string? _socketDir;
    private string? _socketRecord;
    private int _machineCount;
    private int _disposed;

    /// <summary>Creates the platform after validating <paramref name="options"/>. Starts nothing.</summary>
    /// <exception cref="ConfigurationException">A setting is wrong (see <see cref="QemuOptions.Validate"/>).</exception>
    public QemuPlatform(QemuOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, null, TimeProvider.System)
    {
    }

    internal QemuPlatform(QemuOptions options, ILoggerFactory? loggerFactory, IKvmProbeRunner? probeRunner, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        StateDir = options.EffectiveStateDir;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Harness.Platforms.Qemu");
        _probeRunner = probeRunner;
        _time = time;
    }

    /// <summary>The validated options.</summary>
    public QemuOptions Options { get; }

    /// <summary>The state folder in use (overlays, firmware variables, pid records, accelerator cache).</summary>
    public string StateDir { get; }

    /// <inheritdoc />
    public string Name => PlatformName;

    /// <summary>The platform's name (<see cref="Name"/>), also recorded in its snapshots.</summary>
    internal const string PlatformName = "qemu";

    /// <inheritdoc />
    public Arch Arch => Options.Arch;

    /// <inheritdoc />
    public PlatformCapabilities Capabilities =>
        PlatformCapabilities.Reboot | PlatformCapabilities.PowerControl | PlatformCapabilities.LiveConsole | PlatformCapabilities.ExtraDisks
        | PlatformCapabilities.HostServices | PlatformCapabilities.PrivateNetwork | PlatformCapabilities.ImageFile
        | PlatformCapabilities.Snapshots;

    /// <summary>QEMU user networking: the guest's 10.0.2.2 is the host's loopback.</summary>
    public string? HostAddressForGuests => "10.0.2.2";

    /// <summary>
    /// QEMU version, accelerator and why, firmware, image — e.g. "qemu-system-x86_64 7.2.22, accel tcg (KVM probe
    /// failed: KVM internal error. Suberror: 1, emulation failure), firmware …, image … (qcow2)". Complete once the
    /// platform is initialized (first machine or <see cref="InitializeAsync"/>); before that it says "not probed yet".
    /// </summary>
    public string Description => _setup?.Describe()
        ?? $"{Options.EffectiveQemuBinary}, accel {Options.Accelerator.ToString().ToLowerInvariant()} (not probed yet), "
        + $"firmware {Options.EffectiveFirmwareCode}, image {Options.ImagePath}";

    /// <summary>Picks the SSH forward port of each start attempt (tests replace it to provoke a taken port).</summary>
    internal Func<int> PortPicker { get; set; } = FreePort.PickLoopback;

    /// <summary>True when machines run under KVM; null before initialization.</summary>
    public bool? UsesKvm => _setup?.Kvm;

    /// <inheritdoc/>
    public bool HardwareAccelerated => UsesKvm == true;

    /// <summary>
    /// Sweeps leftovers of dead harness runs, reads the QEMU version and chooses the accelerator (running the KVM
    /// probe on a cache miss, a few seconds). Idempotent; called by the first <see cref="CreateMachineAsync"/>.
    /// </summary>
    /// <exception cref="InfrastructureException">QEMU could not be run or the state folder is not writable.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_setup is not null)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_setup is not null)
            {
                return;
            }

            try
            {
                Directory.CreateDirectory(StateDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InfrastructureException($"state folder {StateDir} cannot be created ({e.Message}): make it writable or choose another one", e);
            }

            StaleSweeper.Sweep(StateDir, _logger);

            var binary = ExecutableLookup.Find(Options.EffectiveQemuBinary)
                ?? throw new ConfigurationException(QemuOptions.QemuSetting, $"qemu binary {Options.EffectiveQemuBinary} ({QemuOptions.QemuSetting}) disappeared after validation");
            var qemuImg = ExecutableLookup.Find("qemu-img")
                ?? throw new ConfigurationException("PATH", "qemu-img (PATH) disappeared after validation: install qemu-utils");
            var versionLine = await VersionLineAsync(binary, cancellationToken);

            var code = Path.GetFullPath(Options.EffectiveFirmwareCode);
            var vars = Path.GetFullPath(Options.EffectiveFirmwareVars);
            var codeFormat = DiskImage.FirmwareFormat(code);
            var varsFormat = DiskImage.FirmwareFormat(vars);
            var runner = _probeRunner ?? new QemuKvmProbeRunner(
                binary, Options.Arch, code, codeFormat, vars, varsFormat, StateDir, Options.KvmProbeTimeout, _logger);
            var cache = new AcceleratorCache(Path.Combine(StateDir, "accelerator-cache.json"), _time, _logger);
            var verdict = await AcceleratorSelection.SelectAsync(
                Options.Accelerator, Options.Arch, RuntimeInformation.OSArchitecture,
                () => AcceleratorSelection.KvmDeviceProblem(),
                cache, AcceleratorCache.Key(binary, versionLine, ProcInfo.KernelRelease(), Options.Arch),
                runner, _logger, cancellationToken);
            Log.AcceleratorChosen(_logger, verdict.Name, verdict.Reason);

            CreateSocketDir();
            var image = Path.GetFullPath(Options.ImagePath);
            _setup = new QemuSetup(
                binary, ParseVersion(versionLine), qemuImg, Options.Arch, verdict.Kvm, verdict.Reason,
                code, codeFormat, vars, varsFormat, image, DiskImage.Sniff(image).Format);
            var description = _setup.Describe();
            Log.PlatformReady(_logger, description);
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>
    /// Creates the overlay and variables copy, starts QEMU and returns once its monitor answers (the guest is
    /// booting). On failure or cancellation everything created so far is removed before the exception leaves.
    /// </summary>
    /// <exception cref="InfrastructureException">QEMU could not be started (the message quotes its output).</exception>
    public async Task<IMachineBackend> CreateMachineAsync(MachineLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        await InitializeAsync(cancellationToken);
        var socket = Path.Combine(_socketDir!, $"m{Interlocked.Increment(ref _machineCount)}.qmp");
        var machine = await QemuMachine.StartAsync(
            _setup!, launch, StateDir, socket, Options.ShutdownGrace, _logger, m => _machines.TryRemove(m, out _), PortPicker, cancellationToken,
            newSnapshotFolder: NewSnapshotFolder);
        _machines[machine] = 0;
        if (_disposed != 0)
        {
            await machine.DisposeAsync();
            throw new ObjectDisposedException(nameof(QemuPlatform));
        }

        return machine;
    }

    /// <summary>Destroys machines still alive and removes the run's socket folder. Idempotent; never throws.</summary>
    public async Task<IMachineBackend> RestoreMachineAsync(MachineSnapshot snapshot, MachineLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(launch);
        await InitializeAsync(cancellationToken);
        if (snapshot.Platform != PlatformName || !_snapshots.ContainsKey(snapshot.Directory))
        {
            throw new ArgumentException($"snapshot {snapshot.Directory} was not saved by this QEMU platform", nameof(snapshot));
        }

        if (launch.Options != snapshot.Options || launch.PrivateNic is not null)
        {
            throw new ArgumentException($"{launch.Name}: a restored machine has the saved machine's size and no private network", nameof(launch));
        }

        var now = _setup!.Fingerprint();
        if (now != snapshot.Fingerprint)
        {
            throw new StaleSnapshotException(
                $"snapshot {snapshot.Directory} no longer matches what this platform boots (saved for: {snapshot.Fingerprint}; now: {now}): boot a new template");
        }

        var socket = Path.Combine(_socketDir!, $"m{Interlocked.Increment(ref _machineCount)}.qmp");
        var machine = await QemuMachine.StartAsync(
            _setup!, launch, StateDir, socket, Options.ShutdownGrace, _logger, m => _machines.TryRemove(m, out _), PortPicker, cancellationToken,
            restoreFrom: snapshot.Directory, newSnapshotFolder: NewSnapshotFolder);
        _machines[machine] = 0;
        if (_disposed != 0)
        {
            await machine.DisposeAsync();
            throw new ObjectDisposedException(nameof(QemuPlatform));
        }

        return machine;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(_machines.Keys.Select(m => m.DisposeAsync().AsTask()));
        foreach (var (folder, record) in _snapshots)
        {
            StaleSweeper.TryDelete(folder, _logger);
            StaleSweeper.TryDelete(record, _logger);
        }

        if (_socketDir is not null)
        {
            StaleSweeper.TryDelete(_socketDir, _logger);
        }

        if (_socketRecord is not null)
        {
            StaleSweeper.TryDelete(_socketRecord, _logger);
        }
    }

    /// <summary>The QEMU version number in a <c>--version</c> line ("QEMU emulator version 7.2.22 (Debian …)" → "7.2.22").</summary>
    /// <summary>
    /// A new private folder for one snapshot under <c>STATE/snapshots/</c>, recorded so that it is deleted when the
    /// platform is disposed, or swept by a later run if this process dies first.
    /// </summary>
    private string NewSnapshotFolder()
    {
        var id = "snapshot-" + Guid.NewGuid().ToString("N")[..10];
        var folder = Path.Combine(StateDir, "snapshots", id);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var record = Path.Combine(StaleSweeper.RecordDir(StateDir), id + ".json");
        (PidRecord.ForCurrentProcess("snapshot") with { Paths = [folder] }).WriteTo(record);
        _snapshots[folder] = record;
        return folder;
    }

    internal static string ParseVersion(string versionLine) =>
        VersionNumber().Match(versionLine) is { Success: true } m ? m.Groups[1].Value : "";

    private static async Task<string> VersionLineAsync(string binary, CancellationToken cancellationToken)
    {
        var result = await QemuTools.RunAsync(binary, ["--version"], VersionTimeout, cancellationToken);
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return result.ExitCode == 0 && line is not null
            ? line
            : throw new InfrastructureException($"{binary} --version exited with code {result.ExitCode}: {QemuMachine.Tail(result.Stderr, 3)}");
    }

    /// <summary>
    /// A short, private folder for QMP sockets (unix socket paths are limited to 108 bytes): in $XDG_RUNTIME_DIR
    /// when that is short, otherwise /tmp. Recorded so a sweep removes it if the run dies.
    /// </summary>
    private void CreateSocketDir()
    {
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var root = !string.IsNullOrEmpty(runtime) && Path.IsPathFullyQualified(runtime) && runtime.Length <= 64 && Directory.Exists(runtime)
            ? runtime
            : "/tmp";
        var dir = Path.Combine(root, StaleSweeper.SocketDirPrefix + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _socketRecord = Path.Combine(StaleSweeper.RecordDir(StateDir), Path.GetFileName(dir) + ".json");
        (PidRecord.ForCurrentProcess("qmp sockets") with { Paths = [dir] }).WriteTo(_socketRecord);
        _socketDir = dir;
    }

    [GeneratedRegex(@"version\s+(\d+\.\d+(?:\.\d+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionNumber();
}
