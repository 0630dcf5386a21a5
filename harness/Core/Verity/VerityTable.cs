namespace Harness.Verity;

/// <summary>
/// One line of <c>dmsetup table NAME</c> for a dm-verity target:
/// <c>START LENGTH verity VERSION DATA_DEV HASH_DEV DATA_BLOCK HASH_BLOCK BLOCKS HASH_START ALGORITHM ROOT_HASH SALT [OPTIONS]</c>
/// (the kernel's dm-verity table format; devices as <c>MAJOR:MINOR</c>). Fields a shorter line lacks are null.
/// </summary>
/// <param name="Text">The line as printed.</param>
/// <param name="Target">The target type (<c>verity</c>, or <c>linear</c>… for another mapping).</param>
/// <param name="DataDevice">The data device (<c>254:3</c>).</param>
/// <param name="RootHash">The root hash the device is verified against, as printed.</param>
public sealed record VerityTable(string Text, string? Target, string? DataDevice, string? RootHash)
{
    /// <summary>True when the target is <c>verity</c> and the line has every field up to the root hash.</summary>
    public bool IsVerity => Target == "verity" && RootHash is not null;

    /// <summary>Reads the first line of <c>dmsetup table</c> output.</summary>
    public static VerityTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.ReplaceLineEndings("\n").Split('\n')[0].Trim();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? Field(int index) => index < fields.Length ? fields[index] : null;
        return new VerityTable(line, Field(2), Field(4), fields.Length > 11 ? fields[11] : null);
    }

    /// <summary>The line as printed.</summary>
    public override string ToString() => Text;
}
