using Harness.Machines;
using Harness.Settings;

namespace Harness.Tests.Settings;

public sealed class HarnessSettingsLoaderTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Defaults_come_from_the_repository_and_the_image_manifest()
    {
        var settings = _repo.Load();

        Assert.Equal("qemu", settings.Platform);
        Assert.Equal(Arch.Amd64, settings.Arch);
        Assert.Equal("developer", settings.Channel);
        Assert.Equal(_repo.DefaultImage, settings.ImagePath);
        Assert.Equal("1.2.3", settings.ImageVersion);
        Assert.Equal(Path.Combine(_repo.Root, "artifacts", "runs"), settings.OutputRoot);
        Assert.Equal(["*"], settings.TestPatterns);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.TestTimeout);
        Assert.Null(settings.Parallel);
        Assert.Null(settings.Accelerator);
        Assert.False(settings.KeepMachines);
        Assert.True(settings.Restore);
        Assert.Equal(_repo.Root, settings.RepositoryRoot);
    }

    [Fact]
    public void Every_variable_is_read()
    {
        var image = _repo.File_("img/flatcar.img");
        var code = _repo.File_("fw/code.fd");
        var vars = _repo.File_("fw/vars.fd");
        _repo.Env["HARNESS_PLATFORM"] = "qemu";
        _repo.Env["HARNESS_ARCH"] = "arm64";
        _repo.Env["HARNESS_CHANNEL"] = "stable";
        _repo.Env["HARNESS_IMAGE"] = image;
        _repo.Env["HARNESS_IMAGE_VERSION"] = "4230.2.1";
        _repo.Env["HARNESS_FIRMWARE_CODE"] = code;
        _repo.Env["HARNESS_FIRMWARE_VARS"] = "fw/vars.fd"; // relative to the current directory
        _repo.Env["HARNESS_QEMU"] = "qemu-system-aarch64";
        _repo.Env["HARNESS_ACCEL"] = "TCG";
        _repo.Env["HARNESS_PARALLEL"] = "3";
        _repo.Env["HARNESS_OUTPUT"] = "out";
        _repo.Env["HARNESS_TESTS"] = " cl.basic , cl.ignition.* ";
        _repo.Env["HARNESS_TEST_TIMEOUT"] = "90s";
        _repo.Env["HARNESS_KEEP_MACHINES"] = "yes";
        _repo.Env["HARNESS_RESTORE"] = "off";

        var settings = _repo.Load();

        Assert.Equal(Arch.Arm64, settings.Arch);
        Assert.Equal("stable", settings.Channel);
        Assert.Equal(image, settings.ImagePath);
        Assert.Equal("4230.2.1", settings.ImageVersion);
        Assert.Equal(code, settings.FirmwareCode);
        Assert.Equal(vars, settings.FirmwareVars);
        Assert.Equal("qemu-system-aarch64", settings.QemuBinary);
        Assert.Equal("tcg", settings.Accelerator);
        Assert.Equal(3, settings.Parallel);
        Assert.Equal(Path.Combine(_repo.Root, "out"), settings.OutputRoot);
        Assert.Equal(["cl.basic", "cl.ignition.*"], settings.TestPatterns);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.TestTimeout);
        Assert.True(settings.KeepMachines);
        Assert.False(settings.Restore);
    }

    [Fact]
    public void The_default_arch_is_the_hosts()
    {
        _repo.File_("artifacts/images/arm64/current/disk.qcow2");
        var settings = HarnessSettingsLoader.Load(_repo.Sources(Arch.Arm64));
        Assert.Equal(Arch.Arm64, settings.Arch);
        Assert.EndsWith(Path.Combine("arm64", "current", "disk.qcow2"), settings.ImagePath, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_image_version_wins_over_the_manifest()
    {
        _repo.Env["HARNESS_IMAGE_VERSION"] = "9.9.9";
        Assert.Equal("9.9.9", _repo.Load().ImageVersion);
    }

    [Fact]
    public void Without_manifest_or_variable_the_version_is_unknown()
    {
        _repo.Env["HARNESS_IMAGE"] = _repo.File_("elsewhere/flatcar.img");
        Assert.Null(_repo.Load().ImageVersion);
    }

    [Theory]
    [InlineData("HARNESS_PARALLEL", "x", "HARNESS_PARALLEL='x': expected a positive integer or 'auto'")]
    [InlineData("HARNESS_PARALLEL", "0", "HARNESS_PARALLEL='0': expected a positive integer or 'auto'")]
    [InlineData("HARNESS_ARCH", "sparc", "HARNESS_ARCH='sparc': expected amd64 or arm64")]
    [InlineData("HARNESS_CHANNEL", "edge", "HARNESS_CHANNEL='edge': expected one of developer, alpha, beta, stable, lts")]
    [InlineData("HARNESS_ACCEL", "hvf", "HARNESS_ACCEL='hvf': expected kvm, tcg or probe")]
    [InlineData("HARNESS_TEST_TIMEOUT", "soon", "HARNESS_TEST_TIMEOUT='soon': expected a duration like 600 (seconds), 90s, 10m, 1h30m or 00:10:00")]
    [InlineData("HARNESS_TEST_TIMEOUT", "0", "HARNESS_TEST_TIMEOUT='0': expected a duration like 600 (seconds), 90s, 10m, 1h30m or 00:10:00")]
    [InlineData("HARNESS_KEEP_MACHINES", "maybe", "HARNESS_KEEP_MACHINES='maybe': expected 1/0, true/false, yes/no or on/off")]
    [InlineData("HARNESS_RESTORE", "sometimes", "HARNESS_RESTORE='sometimes': expected 1/0, true/false, yes/no or on/off")]
    [InlineData("HARNESS_TESTS", "cl.[x", "HARNESS_TESTS='cl.[x': pattern 'cl.[x' is not a valid kola glob (unclosed '[' at position 4)")]
    [InlineData("HARNESS_IMAGE_VERSION", "latest", "HARNESS_IMAGE_VERSION='latest': expected a dotted version like 4230.2.1")]
    [InlineData("HARNESS_PLATFORM", "QEMU!", "HARNESS_PLATFORM='QEMU!': expected a platform name like qemu")]
    public void Invalid_values_are_one_line_naming_the_variable(string variable, string value, string expected)
    {
        _repo.Env[variable] = value;
        var error = _repo.LoadFails();
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Missing_files_are_reported_with_their_full_path()
    {
        _repo.Env["HARNESS_FIRMWARE_CODE"] = "nope/code.fd";
        var error = _repo.LoadFails();
        Assert.Equal($"HARNESS_FIRMWARE_CODE='nope/code.fd': file not found ({Path.Combine(_repo.Root, "nope", "code.fd")}): point HARNESS_FIRMWARE_CODE at an existing file or unset it", error.Message);
    }

    [Fact]
    public void A_missing_default_image_says_how_to_build_it()
    {
        File.Delete(_repo.DefaultImage);
        var error = _repo.LoadFails();
        Assert.Equal(
            $"HARNESS_IMAGE is not set and the default image {_repo.DefaultImage} does not exist (build it with images/contract/build --arch amd64)",
            error.Message);
    }

    [Fact]
    public void All_problems_are_reported_one_per_line()
    {
        _repo.Env["HARNESS_PARALLEL"] = "x";
        _repo.Env["HARNESS_ARCH"] = "sparc";
        var error = _repo.LoadFails();
        Assert.Equal(2, error.Errors.Count);
        Assert.Equal(2, error.Message.Split(Environment.NewLine).Length);
    }

    [Theory]
    [InlineData("auto", null)]
    [InlineData("8", 8)]
    public void Parallel_accepts_auto_and_counts(string value, int? expected)
    {
        _repo.Env["HARNESS_PARALLEL"] = value;
        Assert.Equal(expected, _repo.Load().Parallel);
    }

    [Fact]
    public void An_empty_variable_counts_as_unset()
    {
        _repo.Env["HARNESS_PARALLEL"] = "";
        _repo.Env["HARNESS_TESTS"] = "  ";
        var settings = _repo.Load();
        Assert.Null(settings.Parallel);
        Assert.Equal(["*"], settings.TestPatterns);
    }

    [Fact]
    public void A_settings_file_is_read_and_the_environment_wins()
    {
        _repo.File_("conf/fw.fd");
        var file = _repo.File_("conf/settings.json", """
            {
              // comments are allowed
              "HARNESS_PARALLEL": 2,
              "HARNESS_KEEP_MACHINES": true,
              "HARNESS_TESTS": ["cl.basic", "cl.ignition.*"],
              "HARNESS_CHANNEL": "beta",
              "HARNESS_FIRMWARE_CODE": "fw.fd"
            }
            """);
        _repo.Env["HARNESS_SETTINGS"] = file;
        _repo.Env["HARNESS_CHANNEL"] = "alpha";

        var settings = _repo.Load();

        Assert.Equal(2, settings.Parallel);
        Assert.True(settings.KeepMachines);
        Assert.Equal(["cl.basic", "cl.ignition.*"], settings.TestPatterns);
        Assert.Equal("alpha", settings.Channel);
        Assert.Equal(Path.Combine(_repo.Root, "conf", "fw.fd"), settings.FirmwareCode); // relative to the file
        Assert.Equal(file, settings.SettingsFile);
    }

    [Fact]
    public void Errors_from_the_settings_file_name_the_file()
    {
        var file = _repo.File_("settings.json", """{ "HARNESS_PARALLEL": "lots" }""");
        _repo.Env["HARNESS_SETTINGS"] = file;
        Assert.Equal($"HARNESS_PARALLEL='lots' (in {file}): expected a positive integer or 'auto'", _repo.LoadFails().Message);
    }

    [Fact]
    public void Unknown_keys_in_the_settings_file_are_typos()
    {
        _repo.Env["HARNESS_SETTINGS"] = _repo.File_("settings.json", """{ "HARNESS_PARALEL": 2 }""");
        Assert.StartsWith("HARNESS_SETTINGS='", _repo.LoadFails().Message, StringComparison.Ordinal);
        Assert.Contains("unknown setting 'HARNESS_PARALEL'", _repo.LoadFails().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_broken_settings_file_is_reported()
    {
        _repo.Env["HARNESS_SETTINGS"] = "missing.json";
        Assert.Equal("HARNESS_SETTINGS='missing.json': file not found: point it at a JSON file of HARNESS_* keys or unset it", _repo.LoadFails().Message);

        _repo.Env["HARNESS_SETTINGS"] = _repo.File_("broken.json", "{ nope");
        Assert.Contains("not valid JSON", _repo.LoadFails().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_a_repository_the_image_and_output_must_be_given()
    {
        var outside = Directory.CreateTempSubdirectory("harness-outside-").FullName;
        try
        {
            var sources = new SettingsSources(_ => null, outside, outside, Arch.Amd64);
            var error = Assert.Throws<HarnessSettingsException>(() => HarnessSettingsLoader.Load(sources));
            Assert.Equal(2, error.Errors.Count);
            Assert.StartsWith("HARNESS_IMAGE is not set and no Harness.sln was found", error.Errors[0], StringComparison.Ordinal);
            Assert.StartsWith("HARNESS_OUTPUT is not set and no Harness.sln was found", error.Errors[1], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }
}
