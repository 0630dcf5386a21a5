using System.Collections.Concurrent;
using Harness.Artifacts;
using Harness.Catalog;
using Harness.Denylists;
using Harness.Results;
using Harness.Scheduling;
using Harness.Settings;
using Harness.Xunit.Logging;
using Microsoft.Extensions.Logging;

namespace Harness.Xunit.Runs;

/// <summary>
/// One run = one test process: settings, run folder (<c>&lt;output&gt;/&lt;run-id&gt;/</c> and <c>latest</c>),
/// <c>harness.log</c>, <c>results.json</c>, and — set up when the first test needs it — the platform, scheduler and
/// SSH client key (<see cref="RunPlatform"/>). Created lazily by the first OS test; a setup failure is cached, so
/// every test fails with the same one-line message and no VM starts. Cleans up on process exit and signals.
/// </summary>
internal sealed class HarnessRun
{
    private static readonly Lazy<HarnessRun> ProcessRun = new(
        () => Create(HarnessSettingsLoader.FromEnvironment(), RunEnvironment.Default),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Test seam: a run to use instead of the process's on this async flow (the harness's own unit tests run OS test
    /// cases in-process against a fake platform). Flows like any AsyncLocal; unset in real runs.
    /// </summary>
    internal static readonly AsyncLocal<HarnessRun?> Override = new();

    private readonly RunEnvironment _environment;
    private readonly LogFile _runLog;
    private readonly Lazy<Task<RunPlatform>> _platform;
    private readonly ConcurrentDictionary<MachineSlot, byte> _live = new();
    private readonly ConcurrentDictionary<ParkingPlatform.ParkedBackend, byte> _held = new();
    private int _shutDown;

    private HarnessRun(HarnessSettings settings, RunEnvironment environment, RunFolder folder, LogFile runLog, ILoggerFactory loggerFactory, ResultsWriter results, Denylist denylist)
    {
        Settings = settings;
        Denylist = denylist;
        _environment = environment;
        Folder = folder;
        _runLog = runLog;
        LoggerFactory = loggerFactory;
        Results = results;
        Logger = loggerFactory.CreateLogger("Harness");
        Patterns = TestPatterns.From(settings.TestPatterns);
        _platform = new Lazy<Task<RunPlatform>>(StartPlatformDetached, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The run of this test process, created on first use.</summary>
    /// <exception cref="HarnessSettingsException">The settings are invalid.</exception>
    /// <exception cref="HarnessSetupException">The run folder could not be created.</exception>
    public static HarnessRun Current => Override.Value ?? ProcessRun.Value;

    /// <summary>Ends the process's run if one was created (the end-of-assembly hook); otherwise does nothing.</summary>
    public static void EndIfStarted(string reason)
    {
        if (Override.Value is { } run)
        {
            run.Shutdown(reason);
        }
        else if (ProcessRun.IsValueCreated)
        {
            ProcessRun.Value.Shutdown(reason);
        }
    }

    public HarnessSettings Settings { get; }

    public TestPatterns Patterns { get; }

    /// <summary>The denylist (<c>HARNESS_DENYLIST</c>); empty when none is set.</summary>
    public Denylist Denylist { get; }

    public RunFolder Folder { get; }

    public ResultsWriter Results { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ILogger Logger { get; }

    public TimeProvider Time => _environment.Time;

    /// <summary>Machines currently holding capacity, across all tests.</summary>
    public int LiveMachines => _live.Count;

    /// <summary>Creates a run: folder, logs, results; registers process-exit cleanup.</summary>
    public static HarnessRun Create(HarnessSettings settings, RunEnvironment environment, bool registerCleanup = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        // A malformed denylist is refused before anything is written (DenylistException names file and line).
        var denylist = settings.DenylistFile is { } denylistFile ? Denylist.Load(denylistFile) : Denylist.Empty;
        var id = RunId.New(environment.Time);
        var arch = HarnessSettingsLoader.ArchName(settings.Arch);
        RunFolder folder;
        try
        {
            folder = RunFolder.Create(settings.OutputRoot, id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HarnessSetupException($"HARNESS_OUTPUT='{settings.OutputRoot}': cannot create the run folder: {e.Message}", e);
        }

        var runLog = new LogFile(folder.LogFile);
        var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Debug)
            .AddProvider(new RunLoggerProvider(runLog, environment.Time)));
        var results = new ResultsWriter(
            folder.ResultsFile,
            new RunInfo
            {
                Id = id,
                Platform = settings.Platform,
                Arch = arch,
                Channel = settings.Channel,
                ImageVersion = settings.ImageVersion,
                Image = settings.ImagePath,
                Accelerator = settings.Accelerator,
                Start = environment.Time.GetUtcNow(),
            },
            environment.Time);
        var run = new HarnessRun(settings, environment, folder, runLog, loggerFactory, results, denylist);
        XunitLog.RunStarted(
            run.Logger,
            id,
            folder.Path,
            settings.Platform,
            arch,
            settings.ImagePath,
            settings.ImageVersion ?? "unknown",
            run.Patterns.Text);
        if (registerCleanup)
        {
            ProcessCleanup.Register(run);
        }

        return run;
    }

    /// <summary>The platform side, set up on first call; a failure is cached and rethrown to every caller.</summary>
    /// <exception cref="HarnessSetupException">The platform refused its options or could not start.</exception>
    public Task<RunPlatform> GetPlatformAsync() => _platform.Value;

    public void Register(MachineSlot slot) => _live.TryAdd(slot, 0);

    /// <summary>Keeps <c>results.json</c>'s platform description current (platforms complete it once a machine ran).</summary>
    public void NotePlatformDescription(string description)
    {
        if (Results.Current.Run.PlatformDescription != description)
        {
            Results.UpdateRun(r => r with { PlatformDescription = description });
        }
    }

    public void Unregister(MachineSlot slot) => _live.TryRemove(slot, out _);

    /// <summary>Keeps a parked machine of a failed test alive until <see cref="ReleaseHeldAsync"/> or shutdown.</summary>
    public void Hold(ParkingPlatform.ParkedBackend backend) => _held.TryAdd(backend, 0);

    /// <summary>Destroys a held machine.</summary>
    public async Task ReleaseHeldAsync(ParkingPlatform.ParkedBackend backend)
    {
        if (_held.TryRemove(backend, out _))
        {
            await backend.DestroyAsync();
        }
    }

    /// <summary>
    /// Ends the run: destroys every live machine and the platform (bounded waits), stamps the end in
    /// <c>results.json</c>, deletes the secrets (unless machines are kept) and closes the log. Idempotent, never throws.
    /// </summary>
    public void Shutdown(string reason)
    {
        if (Interlocked.Exchange(ref _shutDown, 1) != 0)
        {
            return;
        }

        try
        {
            var slots = _live.Keys.ToList();
            var kept = _held.Keys.ToList();
            if (slots.Count + kept.Count > 0)
            {
                XunitLog.Cleanup(Logger, reason, slots.Count + kept.Count);
                Task.WhenAll(slots.Select(s => s.DisposeAsync()).Concat(kept.Select(ReleaseHeldAsync))).Wait(TimeSpan.FromSeconds(30));
            }

            if (_platform.IsValueCreated && _platform.Value.IsCompletedSuccessfully)
            {
                var ready = _platform.Value.Result;
                ready.Platform.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(15));
                ready.Secrets.Dispose();
            }

            Results.Complete();
            CheckForSecrets();
        }
        catch (Exception e) when (e is AggregateException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            XunitLog.CleanupIncomplete(Logger, e, reason);
        }
        finally
        {
            LoggerFactory.Dispose();
            _runLog.Dispose();
        }
    }

    /// <summary>The file that lists what <see cref="CheckForSecrets"/> found (file, line, kind; never a secret).</summary>
    public const string SecretsFoundFile = "secrets-found.txt";

    /// <summary>
    /// The run's last step: every file of the run folder is scanned (<see cref="SecretScan"/>). A finding means a writer
    /// let a secret through (or the guest printed one on its console, which QEMU writes directly): it is listed in
    /// <see cref="SecretsFoundFile"/>, logged as an error and printed on stderr, since no test is left to fail.
    /// </summary>
    private void CheckForSecrets()
    {
        var findings = SecretScan.FromEnvironment().ScanFolder(Folder.Path);
        if (findings.Count == 0)
        {
            return;
        }

        var list = Path.Combine(Folder.Path, SecretsFoundFile);
        AtomicFile.WriteAllText(list, string.Join('\n', findings) + "\n");
        XunitLog.SecretsFound(Logger, findings.Count, list, findings[0].ToString());
        Console.Error.WriteLine($"harness: {findings.Count} secret(s) in the run folder {Folder.Path}, first {findings[0]}: see {list}");
    }

    private Task<RunPlatform> StartPlatformDetached()
    {
        // The first test asks for the platform, but the platform outlives it: start it without that test's
        // context so the platform's own background work does not log into the first test's test.log.
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(CreatePlatformAsync);
        }
    }

    private async Task<RunPlatform> CreatePlatformAsync()
    {
        var secrets = SecretsFolder.Create(Folder.Id);
        secrets.Keep = Settings.KeepMachines;
        try
        {
            var key = await _environment.GenerateClientKey(secrets.Path, $"harness run {Folder.Id}", CancellationToken.None);
            Machines.IPlatform? created = null;
            try
            {
                created = _environment.CreatePlatform(Settings, LoggerFactory);
                await created.InitializeAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                XunitLog.PlatformException(Logger, e);
                if (created is not null)
                {
                    await created.DisposeAsync();
                }

                throw new HarnessSetupException(e.Message);
            }

            var facts = PlatformFacts.From(created, Settings.ImageVersion);
            var limits = SchedulerLimits.Compute(_environment.Host, Settings.Parallel, created.HardwareAccelerated);
            Results.UpdateRun(r => r with { PlatformDescription = created.Description });
            XunitLog.PlatformReady(Logger, created.Description, limits.Explanation);
            var used = Settings.KeepMachines ? new ParkingPlatform(created) : created;
            return new RunPlatform(used, facts, new MachineScheduler(limits, _environment.Time), key, secrets);
        }
        catch (Exception e)
        {
            secrets.Keep = false;
            secrets.Dispose();
            XunitLog.PlatformFailed(Logger, FirstLine(e.Message));
            throw;
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).TrimEnd('\r');
    }
}
