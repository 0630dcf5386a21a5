using System.Text;

namespace Harness.Ignition;

/// <summary>RFC 2397 <c>data:</c> URLs as Butane writes and Ignition reads them.</summary>
internal static class DataUrl
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary><c>data:,</c> plus the bytes percent-escaped the way Go's <c>dataurl.Escape</c> does.</summary>
    public static string Escaped(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder("data:,", bytes.Length + 6);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }
        return text.ToString();
    }

    /// <summary><c>data:;base64,</c> plus the bytes in standard padded base64.</summary>
    public static string Base64(byte[] bytes) => "data:;base64," + Convert.ToBase64String(bytes);

    /// <summary>The payload of a <c>data:</c> URL, or <c>null</c> when <paramref name="url"/> is not one.</summary>
    /// <exception cref="FormatException">The URL starts with <c>data:</c> but is malformed.</exception>
    public static byte[]? TryDecode(string url)
    {
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            throw new FormatException($"data URL without a comma: {Shorten(url)}");
        }
        var header = url[5..comma];
        var payload = url[(comma + 1)..];
        var bytes = Unescape(payload);
        if (header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Convert.FromBase64String(Encoding.ASCII.GetString(bytes));
            }
            catch (FormatException e)
            {
                throw new FormatException($"data URL with malformed base64: {Shorten(url)}", e);
            }
        }
        return bytes;
    }

    private static byte[] Unescape(string payload)
    {
        var output = new List<byte>(payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            var c = payload[i];
            if (c > 0x7F)
            {
                throw new FormatException($"data URL with a non-ASCII character at offset {i}");
            }
            if (c != '%')
            {
                output.Add((byte)c);
                continue;
            }
            if (i + 2 >= payload.Length || !Uri.IsHexDigit(payload[i + 1]) || !Uri.IsHexDigit(payload[i + 2]))
            {
                throw new FormatException($"data URL with a malformed escape at offset {i}");
            }
            output.Add((byte)((Uri.FromHex(payload[i + 1]) << 4) | Uri.FromHex(payload[i + 2])));
            i += 2;
        }
        return [.. output];
    }

    private static bool IsUnreserved(byte c) =>
        c is >= (byte)'a' and <= (byte)'z'
            or >= (byte)'A' and <= (byte)'Z'
            or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'!' or (byte)'~' or (byte)'*' or (byte)'\''
            or (byte)'(' or (byte)')';

    private static string Shorten(string url) => url.Length <= 60 ? url : url[..60] + "…";
}
