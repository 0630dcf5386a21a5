using Harness.Artifacts;
using Harness.Failures;
using Harness.Machines;
using Harness.Platforms;
using Harness.Settings;
using Harness.Ssh;
using Microsoft.Extensions.Logging;

namespace Harness.Cli;

/// <summary>
/// What one command-line invocation owns: settings, the platform, a run folder under the output root, and the run's
/// SSH client key in a private secrets folder (never in the run folder). Disposal destroys the platform and the key.
/// </summary>
internal sealed class CliRun : IAsyncDisposable
{
    private readonly SecretsFolder _secrets;

    private CliRun(HarnessSettings settings, IPlatform platform, RunFolder folder, SecretsFolder secrets, SshKeyPair clientKey, ILoggerFactory logging)
    {
        Settings = settings;
        Platform = platform;
        Folder = folder;
        _secrets = secrets;
        ClientKey = clientKey;
        Logging = logging;
    }

    public HarnessSettings Settings { get; }

    public IPlatform Platform { get; }

    public RunFolder Folder { get; }

    public SshKeyPair ClientKey { get; }

    public ILoggerFactory Logging { get; }

    /// <summary>Where private, per-invocation files go (keys, ignition copies); deleted at the end.</summary>
    public string SecretsPath => _secrets.Path;

    /// <summary>Loads settings from the environment, validates them and the platform options, creates the run folder and key.</summary>
    /// <exception cref="HarnessSettingsException">A setting is invalid (one line each).</exception>
    /// <exception cref="InfrastructureException">The platform options are invalid (missing image, firmware, qemu).</exception>
    public static async Task<CliRun> CreateAsync(bool verbose, CancellationToken cancellationToken)
    {
        var settings = HarnessSettingsLoader.FromEnvironment();
        var logging = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information));
        var platform = PlatformFactory.Create(settings, logging);
        var runId = RunId.New();
        var secrets = SecretsFolder.Create(runId);
        try
        {
            // The key first: a run folder is made only once everything else is in place, so none is left half-made.
            var clientKey = await SshKeyPair.GenerateAsync(secrets.Path, $"harness run {runId}", cancellationToken);
            var folder = RunFolder.Create(settings.OutputRoot, runId);
            return new CliRun(settings, platform, folder, secrets, clientKey, logging);
        }
        catch
        {
            secrets.Dispose();
            await platform.DisposeAsync();
            logging.Dispose();
            throw;
        }
    }

    /// <summary>The context for a machine named <paramref name="name"/> with its artifacts under the run folder.</summary>
    public MachineContext ContextFor(string name)
    {
        var dir = Folder.CreateMachineFolder(Folder.CreateTestFolder("cli"), name);
        return new MachineContext(name, dir, ClientKey) { LoggerFactory = Logging };
    }

    public async ValueTask DisposeAsync()
    {
        await Platform.DisposeAsync();
        foreach (var finding in SecretScan.FromEnvironment().ScanFolder(Folder.Path))
        {
            Console.Error.WriteLine($"harness: a secret in the run folder {Folder.Path}: {finding}");
        }

        _secrets.Dispose();
        Logging.Dispose();
    }
}
