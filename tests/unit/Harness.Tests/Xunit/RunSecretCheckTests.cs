using Harness.Artifacts;
using Harness.Tests.Artifacts;
using Harness.Xunit.Runs;

namespace Harness.Tests.Xunit;

/// <summary>The secret check at the end of every catalog run (no VM: a fake platform).</summary>
public sealed class RunSecretCheckTests
{
    [Fact]
    public async Task A_run_whose_folder_holds_a_secret_says_so_at_its_end_without_quoting_it()
    {
        using var run = new InProcessRun();
        await run.RunAsync(nameof(SampleOsTests.Starts_a_machine));
        // A guest that printed a key on its console: QEMU writes console.txt itself, so only the check can catch it.
        var console = Directory.EnumerateFiles(run.RunFolder, "console.txt", SearchOption.AllDirectories).FirstOrDefault()
            ?? Path.Combine(run.RunFolder, "console.txt");
        await File.AppendAllTextAsync(console, SecretSamples.OpenSshPrivateKey);

        run.Run.Shutdown("test");

        var list = await File.ReadAllTextAsync(Path.Combine(run.RunFolder, HarnessRun.SecretsFoundFile));
        var linesBefore = (await File.ReadAllLinesAsync(console)).Length - SecretSamples.OpenSshPrivateKey.Count('\n');
        Assert.Equal($"{Path.GetRelativePath(run.RunFolder, console)}:{linesBefore + 1}: private key\n", list);
        Assert.Contains("SECRETS IN THE RUN FOLDER: 1 found", await File.ReadAllTextAsync(Path.Combine(run.RunFolder, "harness.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_run_leaves_no_list()
    {
        using var run = new InProcessRun();
        await run.RunAsync(nameof(SampleOsTests.Starts_a_machine));

        run.Run.Shutdown("test");

        Assert.Empty(SecretScan.FromEnvironment().ScanFolder(run.RunFolder));
        Assert.False(File.Exists(Path.Combine(run.RunFolder, HarnessRun.SecretsFoundFile)));
    }
}
