using System.Text.RegularExpressions;
using Harness.Settings;
using Harness.Tests.Ignition;

namespace Harness.Tests.Settings;

/// <summary>Every setting the README documents can be given in a settings file, and is read from there.</summary>
public sealed partial class DocumentedSettingsTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    public static TheoryData<string> DocumentedSettings()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var names = SettingRow().Matches(readme).Select(m => m.Groups[1].Value)
            .Where(n => n != HarnessSettingsLoader.SettingsFileVariable)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(names.Count > 20, $"the README's settings tables were not found (got {names.Count} names)");
        return [.. names];
    }

    [Theory]
    [MemberData(nameof(DocumentedSettings))]
    public void A_documented_setting_is_a_known_key_of_the_settings_file(string name) =>
        Assert.Contains(name, HarnessSettingsLoader.Variables);

    [Fact]
    public void Reruns_denylist_and_platform_settings_are_read_from_the_file_and_the_environment_wins()
    {
        _repo.File_("conf/deny.yaml", "- pattern: cl.basic\n");
        _repo.Env["HARNESS_SETTINGS"] = _repo.File_("conf/settings.json", """
            {
              "HARNESS_RERUNS": 2,
              "HARNESS_DENYLIST": "deny.yaml",
              "HARNESS_AZURE_LOCATION": "northeurope",
              "HARNESS_AZURE_SIZE": "Standard_D4s_v5"
            }
            """);
        _repo.Env["HARNESS_AZURE_SIZE"] = "Standard_D2s_v5";

        var settings = _repo.Load();

        Assert.Equal(2, settings.Reruns);
        Assert.Equal(Path.Combine(_repo.Root, "conf", "deny.yaml"), settings.DenylistFile);
        Assert.Equal("northeurope", settings.PlatformValue("HARNESS_AZURE_LOCATION"));
        Assert.Equal("Standard_D2s_v5", settings.PlatformValue("HARNESS_AZURE_SIZE"));
        Assert.Null(settings.PlatformValue("HARNESS_AZURE_SUBSCRIPTION"));
    }

    [GeneratedRegex(@"^\| `(HARNESS_[A-Z0-9_]+)`", RegexOptions.Multiline)]
    private static partial Regex SettingRow();
}
