using Harness.Machines;
using Harness.Settings;

namespace Harness.Tests.Settings;

/// <summary>What the loader checks inside the files the settings name: the denylist, the image's manifest, the output folder.</summary>
public sealed class SettingsFileCheckTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void A_broken_denylist_is_a_settings_error_naming_the_file_and_line()
    {
        var denylist = _repo.File_("deny.yaml", "- pattern: cl.basic\n  snooze: next week\n");
        _repo.Env["HARNESS_DENYLIST"] = denylist;

        var error = Assert.Single(_repo.LoadFails().Errors);

        Assert.Equal(
            $"HARNESS_DENYLIST='{denylist}': denylist {denylist}:2: snooze 'next week' is not a date: expected YYYY-MM-DD (the format: docs/results.md, \"Denylist\")",
            error);
    }

    [Fact]
    public void An_image_whose_manifest_names_another_architecture_is_refused()
    {
        var image = _repo.File_("arm/disk.qcow2");
        _repo.File_("arm/manifest.json", """{ "version": "1.0.0", "arch": "arm64" }""");
        _repo.Env["HARNESS_IMAGE"] = image;

        var error = Assert.Single(_repo.LoadFails().Errors);

        Assert.Equal(
            $"HARNESS_IMAGE='{image}': an arm64 image (its manifest.json says so), but HARNESS_ARCH is amd64: set HARNESS_ARCH=arm64 or point HARNESS_IMAGE at an amd64 image",
            error);
        _repo.Env["HARNESS_ARCH"] = "arm64";
        Assert.Equal(Arch.Arm64, _repo.Load().Arch);
    }

    [Fact]
    public void An_output_root_that_is_a_file_is_refused()
    {
        _repo.Env["HARNESS_OUTPUT"] = _repo.File_("runs");

        Assert.Contains("is a file, not a folder", Assert.Single(_repo.LoadFails().Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_required_image_the_other_settings_are_still_checked()
    {
        File.Delete(_repo.DefaultImage);

        Assert.Equal("", HarnessSettingsLoader.Load(_repo.Sources(), imageRequired: false).ImagePath);
        _repo.Env["HARNESS_PARALLEL"] = "x";
        var error = Assert.Throws<HarnessSettingsException>(() => HarnessSettingsLoader.Load(_repo.Sources(), imageRequired: false));
        Assert.Equal("HARNESS_PARALLEL='x': expected a positive integer or 'auto'", Assert.Single(error.Errors));
    }
}
