using Harness.Machines;
using Harness.Settings;

namespace Harness.Tests.Settings;

/// <summary>A throwaway repository layout (Harness.sln, a default image with manifest) for settings tests.</summary>
internal sealed class FakeRepo : IDisposable
{
    public FakeRepo(string? manifestVersion = "1.2.3")
    {
        Root = Directory.CreateTempSubdirectory("harness-settings-").FullName;
        File.WriteAllText(Path.Combine(Root, "Harness.sln"), "");
        var current = Path.Combine(Root, "artifacts", "images", "amd64", "current");
        Directory.CreateDirectory(current);
        DefaultImage = Path.Combine(current, "disk.qcow2");
        File.WriteAllText(DefaultImage, "");
        if (manifestVersion is not null)
        {
            File.WriteAllText(Path.Combine(current, "manifest.json"), $$"""{ "version": "{{manifestVersion}}", "arch": "amd64" }""");
        }

        BinDirectory = Path.Combine(Root, "tests", "cl", "bin", "Debug", "net10.0");
        Directory.CreateDirectory(BinDirectory);
    }

    public string Root { get; }

    public string DefaultImage { get; }

    public string BinDirectory { get; }

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    public string File_(string relative, string content = "")
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public SettingsSources Sources(Arch host = Arch.Amd64) =>
        new(name => Env.GetValueOrDefault(name), BinDirectory, Root, host);

    public HarnessSettings Load() => HarnessSettingsLoader.Load(Sources());

    public HarnessSettingsException LoadFails() => Assert.Throws<HarnessSettingsException>(Load);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
