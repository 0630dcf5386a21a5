using Harness.Artifacts;

namespace Harness.Tests.Artifacts;

public sealed class SecretsFolderTests
{
    [Fact]
    public void Secrets_live_outside_the_run_folder_privately_and_go_away()
    {
        var secrets = SecretsFolder.Create("20261121-103456-abcd");
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), secrets.Path, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(secrets.Path));
        }

        secrets.Dispose();
        Assert.False(Directory.Exists(secrets.Path));
    }

    [Fact]
    public void Kept_secrets_stay_for_debugging()
    {
        var kept = SecretsFolder.Create("20261121-103456-abcd");
        kept.Keep = true;
        kept.Dispose();
        Assert.True(Directory.Exists(kept.Path));
        Directory.Delete(kept.Path);
    }

    [Fact]
    public void The_folder_name_carries_the_run_and_the_owner_pid()
    {
        using var secrets = SecretsFolder.Create("20261121-103456-abcd");
        Assert.StartsWith($"harness-20261121-103456-abcd-p{Environment.ProcessId}-", Path.GetFileName(secrets.Path), StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, SecretsFolder.OwnerPid(Path.GetFileName(secrets.Path)));
    }

    [Theory]
    [InlineData("harness-20261121-103456-abcd-p42-Xy12Ab", 42)]
    [InlineData("harness-20261121-103456-abcd-Xy12Ab", null)]
    [InlineData("harness-settings-Xy12Ab", null)]
    [InlineData("harness-20261121-103456-abcd-pxx-Xy12Ab", null)]
    public void Owner_pids_are_read_only_from_secrets_folders(string name, int? pid) =>
        Assert.Equal(pid, SecretsFolder.OwnerPid(name));

    [Fact]
    public void Secrets_of_dead_runs_are_swept()
    {
        var root = Directory.CreateTempSubdirectory("sweep-").FullName;
        try
        {
            var dead = Directory.CreateDirectory(Path.Combine(root, "harness-20261121-103456-abcd-p111-AAAAAA")).FullName;
            var alive = Directory.CreateDirectory(Path.Combine(root, "harness-20261121-103456-abcd-p222-BBBBBB")).FullName;
            var other = Directory.CreateDirectory(Path.Combine(root, "harness-settings-CCCCCC")).FullName;

            Assert.Equal(1, SecretsFolder.SweepStale(root, pid => pid == 222));

            Assert.False(Directory.Exists(dead));
            Assert.True(Directory.Exists(alive));
            Assert.True(Directory.Exists(other));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
