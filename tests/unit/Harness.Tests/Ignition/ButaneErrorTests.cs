using Harness.Ignition;

namespace Harness.Tests.Ignition;

public sealed class ButaneErrorTests : IDisposable
{
    private readonly DirectoryInfo _filesDir = Directory.CreateTempSubdirectory("butane-errors-");

    public void Dispose() => _filesDir.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Translate_reports_source_line_column_and_field(string yaml, string message)
    {
        var error = Assert.Throws<ButaneException>(() => ButaneTranslator.Translate(yaml, "basic.bu", _filesDir.FullName));

        Assert.Equal(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Exception_exposes_the_location_parts()
    {
        var error = Assert.Throws<ButaneException>(() => ButaneTranslator.Translate(
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /b\n      mode: rw\n", "x.bu", null));

        Assert.Equal(("x.bu", 6, 13, "storage.files[0].mode"), (error.SourceName, error.Line, error.Column, error.FieldPath));
        Assert.Equal("expected an integer, got \"rw\"", error.Problem);
    }

    [Fact]
    public void Unknown_key_deep_in_the_config_is_rejected_at_its_line_and_column()
    {
        var error = Assert.Throws<ButaneException>(() => ButaneTranslator.Translate(
            "variant: flatcar\nversion: 1.0.0\nsystemd:\n  units:\n    - name: a.service\n      dropins:\n        - name: b.conf\n          content: x\n",
            "x.bu",
            null));

        Assert.Equal(("x.bu", 8, 11, "systemd.units[0].dropins[0].content"), (error.SourceName, error.Line, error.Column, error.FieldPath));
        Assert.Equal("unknown key (expected one of: name, contents, contents_local)", error.Problem);
    }

    [Fact]
    public void Local_path_outside_the_files_directory_is_rejected()
    {
        File.WriteAllText(Path.Combine(_filesDir.Parent!.FullName, $"{_filesDir.Name}-secret"), "secret");

        var error = Assert.Throws<ButaneException>(() => ButaneTranslator.Translate(
            $"variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /a\n      contents:\n        local: ../{_filesDir.Name}-secret\n",
            "basic.bu",
            _filesDir.FullName));

        Assert.StartsWith(
            $"basic.bu:7:16: storage.files[0].contents.local: \"../{_filesDir.Name}-secret\" is outside the files directory",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Absolute_local_path_is_rejected()
    {
        var error = Assert.Throws<ButaneException>(() => ButaneTranslator.Translate(
            "variant: flatcar\nversion: 1.0.0\nsystemd:\n  units:\n    - name: a.service\n      contents_local: /etc/passwd\n",
            "basic.bu",
            _filesDir.FullName));

        Assert.Equal(
            "basic.bu:6:23: systemd.units[0].contents_local: expected a path relative to the files directory, got \"/etc/passwd\"",
            error.Message);
    }

    [Fact]
    public void Missing_local_file_names_the_full_path()
    {
        var error = Assert.Throws<ButaneException>(() => ButaneTranslator.Translate(
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /a\n      contents: {local: nope.txt}\n",
            "basic.bu",
            _filesDir.FullName));

        Assert.StartsWith(
            $"basic.bu:6:25: storage.files[0].contents.local: cannot read local file {Path.Combine(_filesDir.FullName, "nope.txt")}",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Local_file_without_a_files_directory_is_rejected()
    {
        var error = Assert.Throws<ButaneException>(() => ButaneTranslator.Translate(
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /a\n      contents: {local: x}\n",
            "basic.bu",
            null));

        Assert.Equal(
            "basic.bu:6:25: storage.files[0].contents.local: local files need a files directory, and none was given",
            error.Message);
    }

    public static TheoryData<string, string> BadConfigs() => new()
    {
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /a\n    - path: /b\n      mode: rw\n",
            "basic.bu:7:13: storage.files[1].mode: expected an integer, got \"rw\""
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /a\n      mode: \"0644\"\n",
            "basic.bu:6:13: storage.files[0].mode: expected an integer, got \"0644\""
        },
        {
            "variant: fcos\nversion: 1.0.0\n",
            "basic.bu:1:10: variant: expected \"flatcar\", got \"fcos\""
        },
        {
            "variant: flatcar\nversion: 1.1.0\n",
            "basic.bu:2:10: version: expected \"1.0.0\" (Ignition 3.3.0), got \"1.1.0\""
        },
        {
            "version: 1.0.0\n",
            "basic.bu:1:1: variant: required field is missing"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /a\n      permissions: 0644\n",
            "basic.bu:6:7: storage.files[0].permissions: unknown key (expected one of: path, overwrite, user, group, mode, contents, append)"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /a\n      contents:\n        source: http://x/y\n        inline: text\n",
            "basic.bu:8:17: storage.files[0].contents: only one of source, inline, local may be set, got source and inline"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  disks:\n    - device: /dev/vdb\n",
            "basic.bu:4:3: storage.disks: not supported by this translator (valid Butane, but the harness's Butane subset leaves it out)"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nkernel_arguments:\n  should_exist: [quiet]\n",
            "basic.bu:3:1: kernel_arguments: not supported by this translator (valid Butane, but the harness's Butane subset leaves it out)"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    path: /a\n",
            "basic.bu:5:5: storage.files: expected a list, got a mapping"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - mode: 0644\n",
            "basic.bu:5:7: storage.files[0].path: required field is missing"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nsystemd:\n  units:\n    - name: a.service\n      enabled: yes please\n",
            "basic.bu:6:16: systemd.units[0].enabled: expected true or false, got \"yes please\""
        },
        {
            "variant: flatcar\nversion: 1.0.0\nsystemd:\n  units:\n    - name: a.service\n      contents: x\n      contents_local: a\n",
            "basic.bu:7:23: systemd.units[0]: only one of contents, contents_local may be set, got contents and contents_local"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /a\n      contents:\n        compression: xz\n        source: http://x\n",
            "basic.bu:7:22: storage.files[0].contents.compression: expected \"gzip\" or nothing, got \"xz\""
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: \"/a\n",
            "basic.bu:5:13: invalid YAML: While scanning a quoted scalar, found unexpected end of stream."
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n\tfiles: []\n",
            "basic.bu:4:1: invalid YAML: While scanning a mapping, found invalid tab as indentation."
        },
        {
            "variant: flatcar\nversion: [1.0.0\nstorage: {}\n",
            "basic.bu:2:10: invalid YAML: cannot parse past this point (an unclosed bracket or quote?)"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nvariant: flatcar\n",
            "basic.bu:3:1: invalid YAML: Duplicate key variant"
        },
        {
            "variant: flatcar\nversion: 1.0.0\n---\nvariant: flatcar\n",
            "basic.bu:4:1: expected one YAML document, found several"
        },
        {
            "variant: flatcar\nversion: 1.0.0\npasswd:\n  users:\n    - name: core\n      should_exist: false\n",
            "basic.bu:6:7: passwd.users[0].should_exist: not supported by this translator (valid Butane, but the harness's Butane subset leaves it out)"
        },
        {
            "variant: flatcar\nversion: 1.0.0\npasswd:\n  users:\n    - name: core\n      ssh_authorized_keys: [~]\n",
            "basic.bu:6:29: passwd.users[0].ssh_authorized_keys[0]: expected a string, got null"
        },
        {
            "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    -\n",
            "basic.bu:5:6: storage.files[0]: expected a mapping, got null"
        },
        {
            "",
            "basic.bu:1:1: the config is empty (expected at least variant: flatcar and version: 1.0.0)"
        },
    };
}
