using Harness.Failures;
using Harness.Machines;

namespace Harness.Platforms.Qemu.Tests;

public sealed class QemuOptionsValidationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private QemuOptions Valid() => new()
    {
        ImagePath = _dir.BlankMbrDisk(),
        FirmwareCode = _dir.WriteBytes("CODE.fd", [1, 2, 3]),
        FirmwareVars = _dir.WriteBytes("VARS.fd", [1, 2, 3]),
        QemuBinary = FakeQemu(),
    };

    private string FakeQemu()
    {
        var path = _dir.File("qemu-system-fake");
        File.WriteAllText(path, "#!/bin/sh\necho 'QEMU emulator version 9.9.9'\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static ConfigurationException Problem(QemuOptions options) => Assert.Throws<ConfigurationException>(options.Validate);

    [SkippableFact]
    public void Valid_options_pass()
    {
        Skip.If(ExecutableLookup.Find("qemu-img") is null, "qemu-img is not installed (apt-get install qemu-utils)");

        Valid().Validate();
        (Valid() with { ImagePath = _dir.WriteBytes("q.qcow2", [0x51, 0x46, 0x49, 0xFB, 0, 0, 0, 3]) }).Validate();
    }

    [Fact]
    public void Missing_image_names_the_setting_and_the_fix()
    {
        var e = Problem(Valid() with { ImagePath = "/x/y.qcow2" });

        Assert.Equal(
            "image /x/y.qcow2 (HARNESS_IMAGE) does not exist: build the contract image with images/contract/build or point HARNESS_IMAGE at a Flatcar qemu_uefi image",
            e.Message);
        Assert.Equal("HARNESS_IMAGE", e.Setting);
    }

    [Fact]
    public void Unset_image_says_it_is_not_set()
    {
        var e = Problem(Valid() with { ImagePath = "" });

        Assert.StartsWith("image (HARNESS_IMAGE) is not set: build the contract image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_disk_image_is_refused()
    {
        var text = _dir.File("notes.txt");
        File.WriteAllText(text, "this is not a disk image\n");

        var e = Problem(Valid() with { ImagePath = text });

        Assert.Equal(
            $"image {text} (HARNESS_IMAGE) is not a disk image (no qcow2 header and no MBR/GPT signature): point HARNESS_IMAGE at a qcow2 or raw disk image, e.g. flatcar_production_qemu_uefi_image.img",
            e.Message);
    }

    [Fact]
    public void A_compressed_image_says_to_decompress_it()
    {
        var e = Problem(Valid() with { ImagePath = _dir.WriteBytes("image.bin.bz2", "BZh91AY&SY"u8) });

        Assert.Contains("is not a disk image (it is bzip2-compressed: decompress it first (bunzip2 -k))", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_not_an_image()
    {
        var e = Problem(Valid() with { ImagePath = _dir.Path });

        Assert.Contains("(HARNESS_IMAGE) is a directory, not a disk image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_firmware_code_names_the_package()
    {
        var e = Problem(Valid() with { FirmwareCode = "/nonexistent/OVMF_CODE_4M.fd" });

        Assert.Equal(
            "firmware code /nonexistent/OVMF_CODE_4M.fd (HARNESS_FIRMWARE_CODE) does not exist: install the ovmf package (apt-get install ovmf) or point HARNESS_FIRMWARE_CODE at a OVMF_CODE file",
            e.Message);
        Assert.Equal("HARNESS_FIRMWARE_CODE", e.Setting);
    }

    [Fact]
    public void Missing_firmware_vars_names_its_setting()
    {
        var e = Problem(Valid() with { FirmwareVars = "/nonexistent/OVMF_VARS_4M.fd" });

        Assert.StartsWith("firmware variables template /nonexistent/OVMF_VARS_4M.fd (HARNESS_FIRMWARE_VARS) does not exist: install the ovmf package", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arm64_defaults_point_at_AAVMF()
    {
        var options = Valid() with { Arch = Arch.Arm64, FirmwareCode = null, QemuBinary = null };

        Assert.Equal("/usr/share/AAVMF/AAVMF_CODE.fd", options.EffectiveFirmwareCode);
        Assert.Equal("qemu-system-aarch64", options.EffectiveQemuBinary);
        if (!File.Exists(options.EffectiveFirmwareCode))
        {
            Assert.Contains("install the qemu-efi-aarch64 package", Problem(options).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Qemu_binary_not_on_path()
    {
        var e = Problem(Valid() with { QemuBinary = "qemu-system-doesnotexist" });

        Assert.Equal(
            "qemu binary qemu-system-doesnotexist (HARNESS_QEMU) was not found on PATH: install qemu-system-x86 (apt-get install qemu-system-x86) or set HARNESS_QEMU to the path of qemu-system-x86_64",
            e.Message);
        Assert.Equal("HARNESS_QEMU", e.Setting);
    }

    [Fact]
    public void Qemu_binary_path_that_is_missing_or_not_executable()
    {
        var plain = _dir.File("not-executable");
        File.WriteAllText(plain, "");

        Assert.Contains("qemu binary /nonexistent/qemu (HARNESS_QEMU) does not exist", Problem(Valid() with { QemuBinary = "/nonexistent/qemu" }).Message, StringComparison.Ordinal);
        Assert.Contains($"qemu binary {plain} (HARNESS_QEMU) is not executable", Problem(Valid() with { QemuBinary = plain }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_are_one_line()
    {
        QemuOptions[] bad =
        [
            Valid() with { ImagePath = "/x/y.qcow2" },
            Valid() with { FirmwareCode = "/x/code" },
            Valid() with { FirmwareVars = "/x/vars" },
            Valid() with { QemuBinary = "nope-qemu" },
        ];

        Assert.All(bad, o => Assert.DoesNotContain('\n', Problem(o).Message));
    }

    [Fact]
    public void The_platform_constructor_validates_before_anything_starts()
    {
        var e = Assert.Throws<ConfigurationException>(() => new QemuPlatform(Valid() with { ImagePath = "/x/y.qcow2" }));

        Assert.Equal("HARNESS_IMAGE", e.Setting);
        Assert.IsAssignableFrom<InfrastructureException>(e);
    }

    [Fact]
    public async Task The_platform_streams_the_console_and_boots_the_image_file_it_was_given()
    {
        await using var platform = new QemuPlatform(Valid());

        // cl.verity and cl.ignition.invalid wait on the live console; cl.basic reads HARNESS_IMAGE's partition table.
        Assert.True(platform.Capabilities.HasFlag(PlatformCapabilities.LiveConsole), $"{platform.Capabilities}");
        Assert.True(platform.Capabilities.HasFlag(PlatformCapabilities.ImageFile), $"{platform.Capabilities}");
    }
}
