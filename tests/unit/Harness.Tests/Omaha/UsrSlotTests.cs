using Harness.Updates;

namespace Harness.Tests.Omaha;

public sealed class UsrSlotTests
{
    // cgpt show -i N -P / -T / -S print "%d\n" on Flatcar's cgpt (seismograph cgpt_show.c: GetPriority, GetTries,
    // GetSuccessful) and on Debian's alike; -A differs (Flatcar: the whole word 0x101000000000000, Debian: 0x101).
    [Theory]
    [InlineData("1\n", "0\n", "1\n", 1, 0, true)]   // a fresh image's USR-A
    [InlineData("2\n", "1\n", "0\n", 2, 1, false)]  // just updated: highest priority, one try, not yet good
    [InlineData("0\n", "0\n", "0\n", 0, 0, false)]  // never written
    [InlineData("15\n", "15\n", "0\n", 15, 15, false)]
    public void Cgpt_priority_tries_and_successful_fields_make_the_slot(string p, string t, string s, int priority, int tries, bool successful)
    {
        var slot = UsrSlot.FromCgptShow("USR-B", "/dev/vda4", p, t, s);

        Assert.Equal(new UsrSlot("USR-B", "/dev/vda4", priority, tries, successful), slot);
    }

    [Theory]
    [InlineData("0x101000000000000", "0", "1", "cgpt show -P (priority) printed '0x101000000000000' for USR-A (/dev/vda3), not a number from 0 to 15")]
    [InlineData("1", "16", "1", "cgpt show -T (tries) printed '16' for USR-A (/dev/vda3), not a number from 0 to 15")]
    [InlineData("1", "0", "cgpt: no such partition", "cgpt show -S (successful) printed 'cgpt: no such partition' for USR-A (/dev/vda3), not a number from 0 to 1")]
    public void Output_that_is_not_a_field_value_is_refused_with_what_was_printed(string p, string t, string s, string expected)
    {
        var error = Assert.Throws<FormatException>(() => UsrSlot.FromCgptShow("USR-A", "/dev/vda3", p, t, s));
        Assert.Equal(expected, error.Message);
    }
}
