using System.Globalization;

namespace Harness.Updates;

/// <summary>
/// One A/B <c>/usr</c> slot as the GPT describes it (Flatcar's gptprio attributes: priority bits 48–51, tries 52–55,
/// successful bit 56), read on the machine with <c>cgpt show -i N -P</c>, <c>-T</c> and <c>-S</c>: each prints one
/// decimal number, the same on Flatcar's cgpt (seismograph <c>cgpt_show.c</c>) and Debian's. <c>cgpt show -A</c> is not
/// used: Flatcar's prints the whole 64-bit attribute word (<c>0x101000000000000</c>), Debian's only bits 48–63 (<c>0x101</c>).
/// </summary>
/// <param name="Label">The partition label, <c>USR-A</c> or <c>USR-B</c>.</param>
/// <param name="Device">The partition device (<c>/dev/vda4</c>).</param>
/// <param name="Priority">Boot priority (0 = never booted).</param>
/// <param name="Tries">Boot attempts left before the slot is given up.</param>
/// <param name="Successful">The slot booted healthily and was marked good.</param>
public sealed record UsrSlot(string Label, string Device, int Priority, int Tries, bool Successful)
{
    /// <summary>Reads the slot from what <c>cgpt show -i N -P</c>, <c>-T</c> and <c>-S DISK</c> printed (<c>"1\n"</c> each).</summary>
    /// <exception cref="FormatException">A field is not a number in its range (priority and tries 0–15, successful 0–1).</exception>
    public static UsrSlot FromCgptShow(string label, string device, string priority, string tries, string successful) =>
        new(label, device,
            Field(label, device, "-P (priority)", priority, 15),
            Field(label, device, "-T (tries)", tries, 15),
            Field(label, device, "-S (successful)", successful, 1) == 1);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Label} ({Device}) priority={Priority} tries={Tries} successful={(Successful ? 1 : 0)}";

    private static int Field(string label, string device, string flag, string printed, int max)
    {
        var text = printed.Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > max)
        {
            throw new FormatException($"cgpt show {flag} printed '{text}' for {label} ({device}), not a number from 0 to {max}");
        }

        return value;
    }
}
