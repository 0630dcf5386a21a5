using Harness.ConsoleChecks;
using Harness.Machines;
using Harness.Ssh;
using Harness.Tests.Waiting;

namespace Harness.Tests.Machines;

/// <summary>One machine on fakes: platform, backend, scripted SSH, manual clock and a temp artifact folder.</summary>
internal sealed class MachineFixture : IDisposable
{
    public MachineFixture()
    {
        Context = new MachineContext("m1", Path.Combine(Root, "m1"), new SshKeyPair(Path.Combine(Root, "id_ed25519"), "ssh-ed25519 AAAAclientkey run-r1"))
        {
            TimeProvider = Clock,
            SshConnectionFactory = settings =>
            {
                SshSettings.Add(settings);
                return Ssh;
            },
            ReportConsoleFindings = findings => Findings.AddRange(findings),
        };
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("machine-tests-").FullName;

    public FakePlatform Platform { get; } = new();

    public ScriptedSsh Ssh { get; } = new();

    /// <summary>The settings of every SSH connection the machines asked for.</summary>
    public List<SshConnectionSettings> SshSettings { get; } = [];

    public ManualTimeProvider Clock { get; } = new();

    public MachineContext Context { get; set; }

    public List<ConsoleFinding> Findings { get; } = [];

    public FakeBackend Backend => Platform.Backend!;

    public async Task<Machine> StartAsync(MachineSpec? spec = null)
    {
        var start = Machine.StartAsync(Platform, spec ?? MachineSpec.Default, Context, CancellationToken.None);
        await Clock.DriveAsync(start, TimeSpan.FromSeconds(1));
        return await start;
    }

    /// <summary>Runs <paramref name="action"/> while moving the clock one second at a time.</summary>
    public async Task<T> DriveAsync<T>(Task<T> action)
    {
        await Clock.DriveAsync(action, TimeSpan.FromSeconds(1));
        return await action;
    }

    /// <inheritdoc cref="DriveAsync{T}(Task{T})"/>
    public async Task DriveAsync(Task action)
    {
        await Clock.DriveAsync(action, TimeSpan.FromSeconds(1));
        await action;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
