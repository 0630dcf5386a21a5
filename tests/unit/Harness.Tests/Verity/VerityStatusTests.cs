using Harness.Verity;

namespace Harness.Tests.Verity;

public sealed class VerityStatusTests
{
    // veritysetup (cryptsetup 2.x) status of Flatcar's /usr: the first line, then indented "name: value" fields
    private const string Usr =
        "/dev/mapper/usr is active and is in use.\n" +
        "  type:        VERITY\n" +
        "  status:      verified\n" +
        "  hash type:   1\n" +
        "  data block:  4096\n" +
        "  hash block:  4096\n" +
        "  hash name:   sha256\n" +
        "  salt:        -\n" +
        "  data device: /dev/vda3\n" +
        "  size:        2097152 sectors\n" +
        "  mode:        readonly\n" +
        "  hash device: /dev/vda3\n" +
        "  hash offset: 2097160 sectors\n" +
        "  root hash:   4f1c0b6e2d7a9e3b5c8f0a1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f\n" +
        "  flags:       panic_on_corruption\n";

    [Fact]
    public void The_fields_of_a_verified_device_are_read()
    {
        var status = VerityStatus.Parse(Usr, "veritysetup status usr");

        Assert.Equal("verified", status.Status);
        Assert.Equal("/dev/vda3", status.DataDevice);
        Assert.Equal(4096, status.DataBlockBytes);
        Assert.Equal(2097152L * 512 / 4096, status.DataBlocks);
        Assert.Equal("4f1c0b6e2d7a9e3b5c8f0a1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f", status.RootHash);
        Assert.Equal(["panic_on_corruption"], status.Flags);
        Assert.Equal("sha256", status["hash name"]);
    }

    [Fact]
    public void A_device_without_flags_has_none_and_a_missing_field_is_named()
    {
        var status = VerityStatus.Parse(Usr.Replace("  flags:       panic_on_corruption\n", "", StringComparison.Ordinal).Replace("  root hash", "  root-hash", StringComparison.Ordinal), "veritysetup status usr on m1");

        Assert.Empty(status.Flags);
        var e = Assert.Throws<KeyNotFoundException>(() => status.RootHash);
        Assert.StartsWith("veritysetup status usr on m1 has no 'root hash:' line; it said:\n/dev/mapper/usr is active", e.Message, StringComparison.Ordinal);
    }
}
