using Harness.Verity;

namespace Harness.Tests.Verity;

public sealed class VerityTableTests
{
    private const string Root = "4f1c0b6e2d7a9e3b5c8f0a1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f";

    [Fact]
    public void A_verity_line_gives_its_data_device_and_root_hash()
    {
        var table = VerityTable.Parse($"0 2097152 verity 1 254:3 254:3 4096 4096 262144 262145 sha256 {Root} 6e1c4f2a 1 panic_on_corruption\n");

        Assert.True(table.IsVerity);
        Assert.Equal("254:3", table.DataDevice);
        Assert.Equal(Root, table.RootHash);
    }

    [Fact]
    public void Another_target_is_not_verity()
    {
        var table = VerityTable.Parse("0 10 linear 254:3 0");

        Assert.False(table.IsVerity);
        Assert.Equal("linear", table.Target);
        Assert.Null(table.RootHash);
        Assert.Equal("0 10 linear 254:3 0", table.ToString());
    }
}
