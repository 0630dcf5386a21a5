using Harness.Artifacts;
using Harness.Ignition;
using Harness.Machines;
using Harness.Reports;
using Harness.Results;
using Harness.Tests.Cli;
using Harness.Tests.Machines;
using Harness.Tests.Results;
using Harness.Xunit.Logging;

namespace Harness.Tests.Artifacts;

/// <summary>
/// A fake run (no VM) whose test puts every kind of secret where a real run could meet it — the Ignition config, the
/// guest's journal, a failure message, the test log — through the writers a run uses; the scan over the run folder
/// must find nothing, and the machine's ignition.json must stay a valid config.
/// </summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class RunArtifactSecretsTests : IDisposable
{
    private const string JournalCommand =
        "if sudo -n true 2>/dev/null; then sudo -n journalctl --no-pager -o short-monotonic; else journalctl --no-pager -o short-monotonic; fi";

    private static readonly string Everything = string.Join(
        "\n",
        SecretSamples.OpenSshPrivateKey,
        "token " + SecretSamples.GitHubToken,
        "env " + SecretSamples.EnvironmentToken,
        "hash " + SecretSamples.Sha512Hash,
        "azure " + SecretSamples.AzureSasUrl,
        SecretSamples.AzureStorageKey);

    private readonly MachineFixture _machine = new();

    public void Dispose() => _machine.Dispose();

    [Fact]
    public async Task The_writers_leave_no_secret_in_a_run_folder()
    {
        var saved = Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        Environment.SetEnvironmentVariable("GITHUB_TOKEN", SecretSamples.EnvironmentToken);
        try
        {
            await WriteFakeRunAsync();

            Assert.Empty(SecretScan.FromEnvironment().ScanFolder(_machine.Root));
            var reported = IgnitionConfig.Parse(await File.ReadAllTextAsync(Path.Combine(_machine.Context.ArtifactDir, "ignition.json")));
            Assert.Equal(IgnitionRedaction.Redacted, Assert.Single(reported.Users, u => u.Name == "core").PasswordHash);
            Assert.Contains(SecretScan.RedactedText, await File.ReadAllTextAsync(Path.Combine(_machine.Context.ArtifactDir, "journal.txt")), StringComparison.Ordinal);
            var results = ResultsJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(_machine.Root, "results.json")));
            Assert.Contains(SecretScan.RedactedText, Assert.Single(results.Tests).Message, StringComparison.Ordinal);
            _ = System.Xml.Linq.XDocument.Load(Path.Combine(_machine.Root, ResultsFiles.JUnit));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GITHUB_TOKEN", saved);
        }
    }

    [Fact]
    public void The_scan_finds_the_same_secrets_when_nothing_redacts_them()
    {
        var scan = new SecretScan([KeyValuePair.Create("GITHUB_TOKEN", SecretSamples.EnvironmentToken)]);

        Assert.Equal(
            ["private key", "GitHub token", "Azure storage key", "Azure SAS signature", "password hash", "the value of GITHUB_TOKEN"],
            scan.ScanText(Everything, "unredacted").Select(f => f.Kind));
    }

    private async Task WriteFakeRunAsync()
    {
        var root = _machine.Root;
        _machine.Ssh.On(JournalCommand, 0, "-- Boot boot-1 --\n" + Everything + "\n");
        var spec = MachineSpec.Default.WithIgnition(i => i
            .WithUser(new IgnitionUser("core") { PasswordHash = SecretSamples.Sha512Hash })
            .WithFile("/home/core/.ssh/id_rsa", SecretSamples.RsaPrivateKey)
            .WithFile("/etc/token", SecretSamples.EnvironmentToken));
        await using (await _machine.StartAsync(spec))
        {
        }

        using (var log = new LogFile(Path.Combine(root, "test.log")))
        {
            log.WriteLine("the test printed " + Everything);
        }

        var results = Path.Combine(root, "results.json");
        var writer = new ResultsWriter(results, ResultsJsonTests.Sample().Run);
        writer.Record(new TestResult("cl.secrets", TestStatus.Failed, 1, 1000, "`cat` printed:\n" + Everything, ["m1"]) { Folder = "." });
        writer.Complete();
        await ReportRunner.RunAsync(new ReportRequest { Inputs = [results], OutputFolder = Path.Combine(root, "report") }, TextWriter.Null);
    }
}
