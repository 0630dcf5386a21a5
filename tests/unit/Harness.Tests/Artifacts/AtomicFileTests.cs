using Harness.Artifacts;

namespace Harness.Tests.Artifacts;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Replaces_the_content_and_leaves_only_the_target()
    {
        var path = Path.Combine(_dir, "results.json");
        await File.WriteAllTextAsync(path, "old");

        await AtomicFile.WriteAllTextAsync(path, "new ✓");
        AtomicFile.WriteAllText(Path.Combine(_dir, "other.txt"), "sync");

        Assert.Equal("new ✓", await File.ReadAllTextAsync(path));
        Assert.Equal("sync", await File.ReadAllTextAsync(Path.Combine(_dir, "other.txt")));
        Assert.Equal(["other.txt", "results.json"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
        Assert.NotEqual(0xEF, (await File.ReadAllBytesAsync(path))[0]); // no BOM
    }

    [Fact]
    public async Task A_failed_write_leaves_the_old_file_and_no_temporary_file()
    {
        var path = Path.Combine(_dir, "results.json");
        await File.WriteAllTextAsync(path, "old");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAllTextAsync(path, "new", cts.Token));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Equal(["results.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }
}
