using System.Globalization;

namespace Harness.Verity;

/// <summary>
/// A dm-verity device as <c>veritysetup status NAME</c> describes it: a first line (<c>/dev/mapper/usr is active and is
/// in use.</c>) and then one indented <c>name: value</c> line per field (<c>status: verified</c>, <c>data block: 4096</c>,
/// <c>size: 2097152 sectors</c>, <c>root hash: …</c>, <c>flags: panic_on_corruption</c>). Immutable.
/// </summary>
public sealed class VerityStatus
{
    private readonly Dictionary<string, string> _fields;

    private VerityStatus(Dictionary<string, string> fields, string text, string what)
    {
        _fields = fields;
        Text = text;
        What = what;
    }

    /// <summary>The text as printed.</summary>
    public string Text { get; }

    /// <summary>What was asked (<c>veritysetup status usr on m1</c>), as messages name it.</summary>
    public string What { get; }

    /// <summary><c>status:</c> — <c>verified</c> while the kernel has found no corruption.</summary>
    public string Status => this["status"];

    /// <summary><c>root hash:</c>, the hash the device is verified against.</summary>
    public string RootHash => this["root hash"];

    /// <summary><c>data device:</c>, the partition the data blocks are read from (<c>/dev/vda3</c>).</summary>
    public string DataDevice => this["data device"];

    /// <summary><c>data block:</c>, the size of a data block in bytes.</summary>
    public long DataBlockBytes => Number("data block", this["data block"]);

    /// <summary>The device's size in data blocks (<c>size:</c> is in 512-byte sectors).</summary>
    public long DataBlocks => Number("size", this["size"].Split(' ')[0]) * 512 / DataBlockBytes;

    /// <summary>The words of <c>flags:</c> (<c>panic_on_corruption</c>, …); empty when there is no such line.</summary>
    public IReadOnlyList<string> Flags => (Find("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The field <paramref name="name"/> (<c>hash name</c>).</summary>
    /// <exception cref="KeyNotFoundException">There is no such line; the message quotes the whole text.</exception>
    public string this[string name] =>
        Find(name) ?? throw new KeyNotFoundException($"{What} has no '{name}:' line; it said:\n{Text}");

    /// <summary>Reads the output of <c>veritysetup status</c>; <paramref name="what"/> names it in messages.</summary>
    public static VerityStatus Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(what);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n').Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return new VerityStatus(fields, text, what);
    }

    /// <summary>The field <paramref name="name"/>, or null.</summary>
    public string? Find(string name) => _fields.GetValueOrDefault(name);

    /// <summary>The text as printed.</summary>
    public override string ToString() => Text;

    private long Number(string name, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException($"{What}: '{name}: {value}' is not a positive whole number; it said:\n{Text}");
}
