using Harness.Machines;

namespace Harness.Platforms.Qemu.Tests;

public sealed class PlatformFactoryTests
{
    [Fact]
    public void Unknown_platform_names_the_setting_and_the_choices()
    {
        var e = Assert.Throws<ConfigurationException>(() => PlatformFactory.Create(new PlatformSettings("virtualbox", Arch.Amd64, "/x"), null));

        Assert.Equal("platform 'virtualbox' (HARNESS_PLATFORM) is unknown: use one of qemu, azure", e.Message);
        Assert.Equal("HARNESS_PLATFORM", e.Setting);
    }

    [Fact]
    public void Qemu_settings_are_validated_by_the_factory()
    {
        var e = Assert.Throws<ConfigurationException>(() => PlatformFactory.Create(new PlatformSettings("QEMU", Arch.Amd64, "/x/y.qcow2"), null));

        Assert.Equal("HARNESS_IMAGE", e.Setting);
    }

    [Fact]
    public void Harness_settings_reach_the_platform_they_name()
    {
        var settings = new Harness.Settings.HarnessSettings { Platform = "qemu", ImagePath = "/missing/disk.qcow2", OutputRoot = "/tmp", Accelerator = "warp" };

        var e = Assert.Throws<ConfigurationException>(() => PlatformFactory.Create(settings, null));

        Assert.Equal("HARNESS_ACCEL", e.Setting);
        Assert.Equal("HARNESS_PLATFORM", Assert.Throws<ConfigurationException>(
            () => PlatformFactory.Create(settings with { Platform = "virtualbox" }, null)).Setting);
    }

    [Theory]
    [InlineData(null, QemuAccelerator.Auto)]
    [InlineData("", QemuAccelerator.Auto)]
    [InlineData("auto", QemuAccelerator.Auto)]
    [InlineData("KVM", QemuAccelerator.Kvm)]
    [InlineData(" tcg ", QemuAccelerator.Tcg)]
    public void Accelerator_values(string? value, QemuAccelerator expected) =>
        Assert.Equal(expected, PlatformFactory.ParseAccelerator(value));

    [Fact]
    public void Unknown_accelerator_names_the_setting()
    {
        var e = Assert.Throws<ConfigurationException>(() => PlatformFactory.ParseAccelerator("hvf"));

        Assert.Equal("accelerator 'hvf' (HARNESS_ACCEL) is unknown: use auto, kvm or tcg", e.Message);
    }

    [Fact]
    public void Settings_map_onto_qemu_options_with_blanks_as_defaults()
    {
        var settings = new PlatformSettings("qemu", Arch.Arm64, "/img.qcow2", "/state")
        {
            FirmwareCode = " ",
            FirmwareVars = "/vars.fd",
            QemuBinary = "/opt/qemu",
            Accelerator = "tcg",
        };

        var options = PlatformFactory.QemuOptionsFrom(settings);

        Assert.Equal(Arch.Arm64, options.Arch);
        Assert.Equal("/img.qcow2", options.ImagePath);
        Assert.Null(options.FirmwareCode);
        Assert.Equal("/usr/share/AAVMF/AAVMF_CODE.fd", options.EffectiveFirmwareCode);
        Assert.Equal("/vars.fd", options.FirmwareVars);
        Assert.Equal("/opt/qemu", options.QemuBinary);
        Assert.Equal(QemuAccelerator.Tcg, options.Accelerator);
        Assert.Equal("/state", options.EffectiveStateDir);
    }
}
