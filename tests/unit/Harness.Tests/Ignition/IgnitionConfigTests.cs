using System.Text.Json;
using Harness.Ignition;

namespace Harness.Tests.Ignition;

public class IgnitionConfigTests
{
    [Fact]
    public void Empty_renders_only_the_spec_version()
    {
        Assert.Equal("""{"ignition":{"version":"3.3.0"}}""", IgnitionConfig.Empty.ToJson(indented: false));
    }

    [Fact]
    public void WithFile_returns_a_new_config_and_leaves_the_original_alone()
    {
        var original = IgnitionConfig.Empty.WithFile("/etc/a", "a");
        var extended = original.WithFile("/etc/b", "b");

        Assert.Equal(["/etc/a"], original.Files.Select(f => f.Path));
        Assert.Equal(["/etc/a", "/etc/b"], extended.Files.Select(f => f.Path));
    }

    [Fact]
    public void WithFile_text_defaults_to_mode_0644_and_a_data_url()
    {
        var file = IgnitionConfig.Empty.WithFile("/etc/hostname", "node-1\n").Files.Single();

        Assert.Equal(420, file.Mode);
        Assert.Equal("data:,node-1%0A", file.Contents!.Source);
        Assert.Null(file.Overwrite);
    }

    [Fact]
    public void WithSshKey_creates_the_user_when_absent()
    {
        var config = IgnitionConfig.Empty.WithSshKey("core", "ssh-ed25519 AAAA one");

        var user = Assert.Single(config.Users);
        Assert.Equal("core", user.Name);
        Assert.Equal(["ssh-ed25519 AAAA one"], user.SshAuthorizedKeys);
    }

    [Fact]
    public void WithSshKey_adds_to_the_existing_user_without_duplicates_and_keeps_its_settings()
    {
        var config = IgnitionConfig.Empty
            .WithUser(new IgnitionUser("core") { Groups = ["docker"], SshAuthorizedKeys = ["ssh-rsa one"] })
            .WithSshKey("core", "ssh-ed25519 two")
            .WithSshKey("core", "ssh-rsa one");

        var user = Assert.Single(config.Users);
        Assert.Equal(["ssh-rsa one", "ssh-ed25519 two"], user.SshAuthorizedKeys);
        Assert.Equal(["docker"], user.Groups);
    }

    [Fact]
    public void Merge_unites_same_named_users_and_appends_everything_else()
    {
        var mine = IgnitionConfig.Empty
            .WithUser(new IgnitionUser("core") { SshAuthorizedKeys = ["k1"], Groups = ["a"], Shell = "/bin/sh" })
            .WithPasswdGroup(new IgnitionGroup("g") { Gid = 1 })
            .WithFile("/etc/a", "a")
            .WithUnit(new IgnitionUnit("a.service"));
        var theirs = IgnitionConfig.Empty
            .WithUser(new IgnitionUser("core") { SshAuthorizedKeys = ["k2", "k1"], Groups = ["b"], Uid = 500 })
            .WithUser(new IgnitionUser("other"))
            .WithPasswdGroup(new IgnitionGroup("g") { System = true })
            .WithFile("/etc/b", "b")
            .WithDirectory(new IgnitionDirectory("/d"))
            .WithLink(new IgnitionLink("/l", "/etc/a"))
            .WithUnit(new IgnitionUnit("b.service"));

        var merged = mine.Merge(theirs);

        Assert.Equal(["core", "other"], merged.Users.Select(u => u.Name));
        var core = merged.Users[0];
        Assert.Equal(["k1", "k2"], core.SshAuthorizedKeys);
        Assert.Equal(["a", "b"], core.Groups);
        Assert.Equal("/bin/sh", core.Shell);
        Assert.Equal(500, core.Uid);
        Assert.Equal(new IgnitionGroup("g") { Gid = 1, System = true }, Assert.Single(merged.PasswdGroups));
        Assert.Equal(["/etc/a", "/etc/b"], merged.Files.Select(f => f.Path));
        Assert.Equal(["/d"], merged.Directories.Select(d => d.Path));
        Assert.Equal(["/l"], merged.Links.Select(l => l.Path));
        Assert.Equal(["a.service", "b.service"], merged.Units.Select(u => u.Name));
    }

    [Fact]
    public void Equality_compares_lists_by_value()
    {
        Assert.Equal(SampleConfigs.Everything(), SampleConfigs.Everything());
        Assert.NotEqual(SampleConfigs.Everything(), SampleConfigs.Everything().WithSshKey("kola", "another"));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Parse_reads_back_what_ToJson_wrote(string name)
    {
        var config = SampleConfigs.All[name];

        Assert.Equal(config, IgnitionConfig.Parse(config.ToJson()));
        Assert.Equal(config, IgnitionConfig.Parse(config.ToJson(indented: false)));
    }

    [Fact]
    public void ToJson_writes_modes_as_decimal_and_omits_unset_fields()
    {
        using var json = JsonDocument.Parse(IgnitionConfig.Empty
            .WithDirectory(new IgnitionDirectory("/opt/x") { Mode = 0b111_101_101 })
            .ToJson());

        var directory = json.RootElement.GetProperty("storage").GetProperty("directories")[0];
        Assert.Equal(493, directory.GetProperty("mode").GetInt32());
        Assert.Equal(["path", "mode"], directory.EnumerateObject().Select(p => p.Name));
        Assert.False(json.RootElement.TryGetProperty("passwd", out _));
        Assert.False(json.RootElement.TryGetProperty("systemd", out _));
    }

    [Fact]
    public void ToJson_keeps_ssh_keys_and_unit_text_readable()
    {
        var json = IgnitionConfig.Empty
            .WithSshKey("core", "ssh-rsa AAAA+b/c= me@host")
            .WithUnit(new IgnitionUnit("x.service") { Contents = "[Service]\nExecStart=/bin/sh -c 'a > b && c'\n" })
            .ToJson();

        Assert.Contains("\"ssh-rsa AAAA+b/c= me@host\"", json, StringComparison.Ordinal);
        Assert.Contains(@"ExecStart=/bin/sh -c 'a > b && c'\n", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_accepts_butanes_explicit_empty_compression()
    {
        var config = IgnitionConfig.Parse(
            """{"ignition":{"version":"3.3.0"},"storage":{"files":[{"path":"/a","contents":{"compression":"","source":"data:,x"}}]}}""");

        Assert.Null(config.Files.Single().Contents!.Compression);
    }

    [Theory]
    [InlineData("""{"ignition":{"version":"2.2.0"}}""", "ignition.version: expected one of 3.0.0, 3.1.0, 3.2.0, 3.3.0, got \"2.2.0\"")]
    [InlineData("""{"ignition":{"version":"3.3.0"},"kernelArguments":{}}""", "kernelArguments (line 1, column 51): The JSON property 'kernelArguments' could not be mapped to any .NET member contained in type 'Harness.Ignition.IgnitionDocument'.")]
    [InlineData("""{"ignition":{"version":"3.3.0"},"storage":{"files":[{"path":"/a","mode":"rw"}]}}""", "storage.files[0].mode (line 1, column 77): The JSON value could not be converted to Harness.Ignition.IgnitionFile.")]
    [InlineData("""{"ignition":{"version":"3.3.0"},"passwd":{"users":[{}]}}""", "passwd.users[0] (line 1, column 54): JSON deserialization for type 'Harness.Ignition.IgnitionUser' was missing required properties including: 'name'.")]
    [InlineData("""{"ignition":{}}""", "ignition (line 1, column 15): JSON deserialization for type 'Harness.Ignition.IgnitionDocument+Metadata' was missing required properties including: 'version'.")]
    public void Parse_names_the_offending_field(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => IgnitionConfig.Parse(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_rejects_an_unknown_member_deep_in_the_config_with_its_path_and_line()
    {
        const string json = """
            {
              "ignition": { "version": "3.3.0" },
              "storage": {
                "files": [
                  { "path": "/a" },
                  { "path": "/b", "permissions": 420 }
                ]
              }
            }
            """;

        var error = Assert.Throws<FormatException>(() => IgnitionConfig.Parse(json));

        Assert.Equal(
            "storage.files[1].permissions (line 6, column 37): The JSON property 'permissions' could not be mapped to any .NET member contained in type 'Harness.Ignition.IgnitionFile'.",
            error.Message);
    }

    [Theory]
    [InlineData("model", "everything")]
    [InlineData("model", "harness-injected")]
    [InlineData("butane", "basic")]
    public void Parse_then_ToJson_reproduces_a_golden_file_byte_for_byte(string folder, string name)
    {
        var golden = File.ReadAllText(Path.Combine(RepoPaths.Golden, folder, name + ".ign.json"));

        Assert.Equal(golden, IgnitionConfig.Parse(golden).ToJson() + "\n");
    }

    [Fact]
    public void Parse_rejects_text_that_is_not_json()
    {
        var error = Assert.Throws<FormatException>(() => IgnitionConfig.Parse("{\"ignition\":"));

        Assert.StartsWith("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> SampleNames() => [.. SampleConfigs.All.Keys];
}
