namespace Harness.Updates;

/// <summary>
/// One A/B <c>/usr</c> slot as the GPT describes it (Flatcar's gptprio attributes: priority bits 48–51, tries 52–55,
/// successful bit 56), read on the machine with <c>cgpt show -A</c>.
/// </summary>
/// <param name="Label">The partition label, <c>USR-A</c> or <c>USR-B</c>.</param>
/// <param name="Device">The partition device (<c>/dev/vda4</c>).</param>
/// <param name="Priority">Boot priority (0 = never booted).</param>
/// <param name="Tries">Boot attempts left before the slot is given up.</param>
/// <param name="Successful">The slot booted healthily and was marked good.</param>
public sealed record UsrSlot(string Label, string Device, int Priority, int Tries, bool Successful)
{
    /// <summary>Reads the slot from the 16 attribute bits <c>cgpt show -i N -A DISK</c> prints (<c>0x101</c>).</summary>
    /// <exception cref="FormatException"><paramref name="cgptAttributes"/> is not a hexadecimal number.</exception>
    public static UsrSlot FromCgptAttributes(string label, string device, string cgptAttributes)
    {
        var text = cgptAttributes.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var bits))
        {
            throw new FormatException($"cgpt printed '{cgptAttributes.Trim()}' for {label} ({device}), not the hexadecimal attribute bits");
        }

        return new UsrSlot(label, device, bits & 0xF, (bits >> 4) & 0xF, ((bits >> 8) & 1) == 1);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Label} ({Device}) priority={Priority} tries={Tries} successful={(Successful ? 1 : 0)}";
}
