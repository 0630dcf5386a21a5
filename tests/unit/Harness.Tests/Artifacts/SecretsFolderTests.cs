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
}
