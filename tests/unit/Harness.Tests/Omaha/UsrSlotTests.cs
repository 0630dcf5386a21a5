using Harness.Updates;

namespace Harness.Tests.Omaha;

public sealed class UsrSlotTests
{
    [Theory]
    [InlineData("0x101", 1, 0, true)]  // a fresh image's USR-A: priority 1, successful
    [InlineData("0x12", 2, 1, false)]  // just updated: priority 2, one try, not yet good
    [InlineData("0", 0, 0, false)]     // never written
    [InlineData("0x1f", 15, 1, false)]
    public void Cgpt_attribute_bits_are_priority_tries_and_successful(string printed, int priority, int tries, bool successful)
    {
        var slot = UsrSlot.FromCgptAttributes("USR-B", "/dev/vda4", printed + "\n");

        Assert.Equal(new UsrSlot("USR-B", "/dev/vda4", priority, tries, successful), slot);
    }

    [Fact]
    public void Output_that_is_not_hex_is_refused_with_what_was_printed()
    {
        var error = Assert.Throws<FormatException>(() => UsrSlot.FromCgptAttributes("USR-A", "/dev/vda3", "cgpt: no such partition"));
        Assert.Equal("cgpt printed 'cgpt: no such partition' for USR-A (/dev/vda3), not the hexadecimal attribute bits", error.Message);
    }
}
