using Harness.Artifacts;

namespace Harness.Tests.Artifacts;

public sealed class RunFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-runs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Creates_the_run_folder_and_points_latest_at_it()
    {
        var run = RunFolder.Create(_root, "20261121-100000-aaaa");

        Assert.True(Directory.Exists(Path.Combine(_root, "20261121-100000-aaaa")));
        Assert.Equal(Path.Combine(_root, "20261121-100000-aaaa"), run.Path);
        Assert.Equal("20261121-100000-aaaa", new FileInfo(run.LatestLink).LinkTarget); // relative: the tree can move
        Assert.Equal(Path.Combine(run.Path, "results.json"), run.ResultsFile);
        Assert.Equal(Path.Combine(run.Path, "harness.log"), run.LogFile);
    }

    [Fact]
    public void A_newer_run_replaces_latest_leaving_no_temporary_links()
    {
        RunFolder.Create(_root, "20261121-100000-aaaa");
        var second = RunFolder.Create(_root, "20261121-100500-bbbb");

        Assert.Equal("20261121-100500-bbbb", new FileInfo(second.LatestLink).LinkTarget);
        Assert.True(File.Exists(Path.Combine(_root, "latest", "..", "latest")) || Directory.Exists(Path.Combine(_root, "latest")));
        Assert.Equal(
            ["20261121-100000-aaaa", "20261121-100500-bbbb", "latest"],
            Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void An_existing_run_folder_is_not_reused()
    {
        RunFolder.Create(_root, "20261121-100000-aaaa");
        var error = Assert.Throws<IOException>(() => RunFolder.Create(_root, "20261121-100000-aaaa"));
        Assert.Contains("exists already", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_and_machine_folders_are_named_after_them_and_unique()
    {
        var run = RunFolder.Create(_root, "20261121-100000-aaaa");

        var test = run.CreateTestFolder("cl.ignition.files");
        var again = run.CreateTestFolder("cl.ignition.files");
        var machine = run.CreateMachineFolder(test, "cl-ignition-files-m1");
        var machineAgain = run.CreateMachineFolder(test, "cl-ignition-files-m1");

        Assert.Equal(Path.Combine(run.Path, "cl.ignition.files"), test);
        Assert.Equal(Path.Combine(run.Path, "cl.ignition.files~2"), again);
        Assert.Equal(Path.Combine(test, "cl-ignition-files-m1"), machine);
        Assert.Equal(Path.Combine(test, "cl-ignition-files-m1~2"), machineAgain);
        Assert.All([test, again, machine, machineAgain], d => Assert.True(Directory.Exists(d)));
    }
}
