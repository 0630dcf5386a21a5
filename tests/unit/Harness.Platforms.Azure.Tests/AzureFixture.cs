using Harness.Machines;

namespace Harness.Platforms.Azure.Tests;

/// <summary>A fake ARM, credential, clock, log and artifact folder, and the options that point the platform at them.</summary>
public sealed class AzureFixture : IDisposable
{
    public const string Subscription = "11111111-2222-3333-4444-555555555555";

    public AzureFixture()
    {
        ArtifactDir = Directory.CreateTempSubdirectory("harness-azure-test-").FullName;
        Options = new AzureOptions
        {
            Subscription = Subscription,
            RunId = "20261201-120000-abcd",
            Credential = Credential,
            Time = Clock,
            PollInterval = TimeSpan.FromMilliseconds(5),
            Transport = Arm,
        };
    }

    public FakeArm Arm { get; } = new();

    public FakeCredential Credential { get; } = new();

    public RecordingClock Clock { get; } = new();

    public LogCapture Log { get; } = new();

    public string ArtifactDir { get; }

    public AzureOptions Options { get; set; }

    public string Group => "harness-" + Options.RunId;

    public AzurePlatform Platform() => new(Options, Arch.Amd64, Log.Factory());

    public MachineLaunch Launch(string ignitionJson = """{"ignition":{"version":"3.3.0"},"passwd":{"users":[{"name":"core","sshAuthorizedKeys":["ssh-ed25519 AAAAKEY client"]}]}}""") =>
        new("cl-basic-m1", ignitionJson, MachineOptions.Default, ArtifactDir);

    /// <summary>The requests whose line contains <paramref name="fragment"/> (case-insensitive).</summary>
    public string[] RequestsMatching(string fragment) =>
        Arm.Requests.Where(r => r.Contains(fragment, StringComparison.OrdinalIgnoreCase)).ToArray();

    public void Dispose()
    {
        Arm.Dispose();
        Log.Dispose();
        Directory.Delete(ArtifactDir, recursive: true);
    }
}
