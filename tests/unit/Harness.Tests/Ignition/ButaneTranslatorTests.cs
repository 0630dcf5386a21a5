using System.Text;
using Harness.Ignition;

namespace Harness.Tests.Ignition;

public sealed class ButaneTranslatorTests : IDisposable
{
    private const string Header = "variant: flatcar\nversion: 1.0.0\n";

    private readonly DirectoryInfo _filesDir = Directory.CreateTempSubdirectory("butane-tests-");

    public void Dispose() => _filesDir.Delete(recursive: true);

    [Fact]
    public void Translate_of_only_variant_and_version_is_the_empty_config()
    {
        Assert.Equal(IgnitionConfig.Empty, ButaneTranslator.Translate(Header, "t.bu", null));
    }

    [Fact]
    public void A_translated_config_survives_a_round_trip_through_its_json()
    {
        var config = ButaneTranslator.TranslateFile(Path.Combine(RepoPaths.Golden, "butane", "basic.bu"));

        var json = config.ToJson();

        Assert.Equal(config, IgnitionConfig.Parse(json));
        Assert.Equal(json, IgnitionConfig.Parse(json).ToJson());
    }

    [Theory]
    [InlineData("0644", 420)]
    [InlineData("0755", 493)]
    [InlineData("0o600", 384)]
    [InlineData("420", 420)]
    [InlineData("0x1ED", 493)]
    [InlineData("0", 0)]
    public void Mode_is_read_as_a_yaml_integer(string yaml, int expected)
    {
        var config = ButaneTranslator.Translate(
            Header + $"storage:\n  files:\n    - path: /a\n      mode: {yaml}\n", "t.bu", null);

        Assert.Equal(expected, config.Files.Single().Mode);
    }

    [Fact]
    public void Inline_contents_become_the_data_url_ignition_reads()
    {
        var config = ButaneTranslator.Translate(
            Header + "storage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: node-1\n",
            "t.bu",
            null);

        Assert.Equal(new IgnitionResource("data:,node-1"), config.Files.Single().Contents);
    }

    [Fact]
    public void Local_contents_are_read_relative_to_the_files_directory()
    {
        Directory.CreateDirectory(Path.Combine(_filesDir.FullName, "sub"));
        File.WriteAllBytes(Path.Combine(_filesDir.FullName, "sub", "blob"), [1, 2, 3, 200]);

        var config = ButaneTranslator.Translate(
            Header + "storage:\n  files:\n    - path: /blob\n      contents:\n        local: sub/blob\n",
            "t.bu",
            _filesDir.FullName);

        Assert.Equal(new byte[] { 1, 2, 3, 200 }, config.Files.Single().Contents!.DecodeData());
    }

    [Fact]
    public void Repetitive_local_file_is_gzipped_and_decodes_to_the_file()
    {
        var text = string.Concat(Enumerable.Repeat("same old line\n", 300));
        File.WriteAllText(Path.Combine(_filesDir.FullName, "big.txt"), text);

        var contents = ButaneTranslator.Translate(
            Header + "storage:\n  files:\n    - path: /big\n      contents:\n        local: big.txt\n",
            "t.bu",
            _filesDir.FullName).Files.Single().Contents!;

        Assert.Equal("gzip", contents.Compression);
        Assert.Equal(text, Encoding.UTF8.GetString(contents.DecodeData()!));
    }

    [Fact]
    public void Explicit_compression_keeps_the_bytes_as_they_are()
    {
        var gzipped = new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0 };
        File.WriteAllBytes(Path.Combine(_filesDir.FullName, "x.gz"), gzipped);

        var contents = ButaneTranslator.Translate(
            Header + "storage:\n  files:\n    - path: /x\n      contents:\n        local: x.gz\n        compression: gzip\n",
            "t.bu",
            _filesDir.FullName).Files.Single().Contents!;

        Assert.Equal("gzip", contents.Compression);
        Assert.Equal(gzipped, Convert.FromBase64String(contents.Source["data:;base64,".Length..]));
    }

    [Fact]
    public void Units_take_contents_local_as_text()
    {
        File.WriteAllText(Path.Combine(_filesDir.FullName, "a.service"), "[Service]\nExecStart=/bin/true\n");

        var unit = ButaneTranslator.Translate(
            Header + "systemd:\n  units:\n    - name: a.service\n      enabled: true\n      contents_local: a.service\n",
            "t.bu",
            _filesDir.FullName).Units.Single();

        Assert.Equal(new IgnitionUnit("a.service") { Enabled = true, Contents = "[Service]\nExecStart=/bin/true\n" }, unit);
    }

    [Fact]
    public void TranslateFile_resolves_local_paths_against_the_files_folder()
    {
        File.WriteAllText(Path.Combine(_filesDir.FullName, "motd"), "hi\n");
        var path = Path.Combine(_filesDir.FullName, "c.bu");
        File.WriteAllText(path, Header + "storage:\n  files:\n    - path: /etc/motd\n      contents: {local: motd}\n");

        var config = ButaneTranslator.TranslateFile(path);

        Assert.Equal("data:,hi%0A", config.Files.Single().Contents!.Source);
    }

    [Fact]
    public void TranslateFile_names_the_file_in_errors()
    {
        var path = Path.Combine(_filesDir.FullName, "bad.bu");
        File.WriteAllText(path, "variant: fcos\nversion: 1.0.0\n");

        var error = Assert.Throws<ButaneException>(() => ButaneTranslator.TranslateFile(path));

        Assert.StartsWith(path + ":1:10: variant:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_values_count_as_unset()
    {
        var config = ButaneTranslator.Translate(
            Header + "passwd:\n  users:\n    - name: core\n      uid: ~\n      groups:\nstorage:\n  disks: null\n",
            "t.bu",
            null);

        Assert.Equal(new IgnitionUser("core"), config.Users.Single());
    }
}
