using System.IO.Compression;
using System.Text;
using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>
/// Where Ignition fetches a file's contents (or an appended fragment) from: a URL (http, https, tftp, s3, gs or
/// <c>data:</c>) with an optional compression and verification hash.
/// </summary>
/// <param name="Source">The URL; <see cref="FromText"/> and <see cref="FromBytes"/> build <c>data:</c> URLs.</param>
public sealed record IgnitionResource([property: JsonPropertyName("source"), JsonPropertyOrder(1)] string Source)
{
    /// <summary>The compression of the fetched bytes: <c>"gzip"</c> or <c>null</c> for none (an empty string is none).</summary>
    [JsonPropertyName("compression"), JsonPropertyOrder(0)]
    public string? Compression { get; init => field = string.IsNullOrEmpty(value) ? null : value; }

    /// <summary>
    /// The expected hash, <c>sha512-&lt;hex&gt;</c> or <c>sha256-&lt;hex&gt;</c>, of the decompressed contents;
    /// <c>null</c> for no verification.
    /// </summary>
    [JsonIgnore]
    public string? Verification { get; init; }

    /// <summary>Ignition's <c>verification</c> object, which holds <see cref="Verification"/> as its <c>hash</c>.</summary>
    [JsonInclude, JsonPropertyName("verification"), JsonPropertyOrder(2)]
    internal IgnitionVerification? VerificationObject
    {
        get => Verification is null ? null : new IgnitionVerification(Verification);
        init => Verification = value?.Hash;
    }

    /// <summary>
    /// A <c>data:</c> URL resource holding <paramref name="text"/> encoded as UTF-8 (no byte order mark).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="allowCompression">Whether gzip may be chosen when it gives the shortest URL (as Butane does).</param>
    public static IgnitionResource FromText(string text, bool allowCompression = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromBytes(Encoding.UTF8.GetBytes(text), allowCompression);
    }

    /// <summary>
    /// A <c>data:</c> URL resource holding <paramref name="bytes"/>. Like Butane, it picks the shortest of
    /// <c>data:,&lt;percent-escaped&gt;</c>, <c>data:;base64,&lt;base64&gt;</c> and, when
    /// <paramref name="allowCompression"/> is set, gzip then base64 (setting <see cref="Compression"/> to
    /// <c>"gzip"</c>). Ties prefer the earlier form.
    /// </summary>
    /// <param name="bytes">The contents.</param>
    /// <param name="allowCompression">Whether gzip may be chosen when it gives the shortest URL.</param>
    public static IgnitionResource FromBytes(byte[] bytes, bool allowCompression = true)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var best = new IgnitionResource(DataUrl.Escaped(bytes));
        var base64 = DataUrl.Base64(bytes);
        if (base64.Length < best.Source.Length)
        {
            best = new IgnitionResource(base64);
        }
        if (allowCompression)
        {
            var gzipped = DataUrl.Base64(Gzip(bytes));
            if (gzipped.Length < best.Source.Length)
            {
                best = new IgnitionResource(gzipped) { Compression = "gzip" };
            }
        }
        return best;
    }

    /// <summary>
    /// The bytes a <c>data:</c> URL resource stands for, decompressed when <see cref="Compression"/> is
    /// <c>"gzip"</c>; <c>null</c> when <see cref="Source"/> is not a <c>data:</c> URL.
    /// </summary>
    /// <exception cref="FormatException">The data URL or its compressed payload is malformed.</exception>
    public byte[]? DecodeData()
    {
        var raw = DataUrl.TryDecode(Source);
        if (raw is null)
        {
            return null;
        }
        return Compression switch
        {
            null or "" => raw,
            "gzip" => Gunzip(raw),
            _ => throw new FormatException($"unknown compression \"{Compression}\""),
        };
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new FormatException("the gzip payload of the data URL is malformed", e);
        }
    }
}
