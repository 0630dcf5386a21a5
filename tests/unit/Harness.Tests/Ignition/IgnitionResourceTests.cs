using System.IO.Compression;
using System.Text;
using Harness.Ignition;

namespace Harness.Tests.Ignition;

public class IgnitionResourceTests
{
    [Fact]
    public void FromText_percent_escapes_short_text_like_butane()
    {
        var resource = IgnitionResource.FromText("hello, world!\n");

        Assert.Equal("data:,hello%2C%20world!%0A", resource.Source);
        Assert.Null(resource.Compression);
    }

    [Fact]
    public void Percent_escaping_leaves_only_rfc2396_unreserved_characters_alone()
    {
        var url = DataUrl.Escaped(Encoding.ASCII.GetBytes("aZ09-_.!~*'()+/ %#?&=;:@,\n"));

        Assert.Equal("data:,aZ09-_.!~*'()%2B%2F%20%25%23%3F%26%3D%3B%3A%40%2C%0A", url);
    }

    [Fact]
    public void FromBytes_uses_base64_when_it_is_shorter()
    {
        var bytes = new byte[] { 0, 1, 2, 0xFE, 0xFF, 0x80 };

        var resource = IgnitionResource.FromBytes(bytes);

        Assert.Equal("data:;base64,AAEC/v+A", resource.Source);
        Assert.Null(resource.Compression);
    }

    [Fact]
    public void FromText_gzips_repetitive_text_and_marks_the_compression()
    {
        var text = string.Concat(Enumerable.Repeat("a line that repeats\n", 100));

        var resource = IgnitionResource.FromText(text);

        Assert.Equal("gzip", resource.Compression);
        Assert.StartsWith("data:;base64,H4sI", resource.Source, StringComparison.Ordinal);
        Assert.True(resource.Source.Length < 200, $"gzip URL is {resource.Source.Length} characters");
    }

    [Fact]
    public void FromText_without_compression_never_gzips()
    {
        var text = string.Concat(Enumerable.Repeat("repeat-", 100));

        var resource = IgnitionResource.FromText(text, allowCompression: false);

        Assert.Null(resource.Compression);
        Assert.Equal("data:," + text, resource.Source);
        Assert.Equal("gzip", IgnitionResource.FromText(text).Compression);
    }

    [Fact]
    public void FromText_encodes_utf8_without_a_byte_order_mark()
    {
        var resource = IgnitionResource.FromText("ü", allowCompression: false);

        Assert.Equal("data:,%C3%BC", resource.Source);
    }

    [Fact]
    public void FromBytes_of_nothing_is_an_empty_data_url()
    {
        Assert.Equal("data:,", IgnitionResource.FromBytes([]).Source);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void DecodeData_returns_the_original_bytes_for_every_encoding(string name, byte[] bytes)
    {
        var chosen = IgnitionResource.FromBytes(bytes);
        var plain = IgnitionResource.FromBytes(bytes, allowCompression: false);

        Assert.Equal(bytes, chosen.DecodeData());
        Assert.Equal(bytes, plain.DecodeData());
        Assert.True(chosen.Source.Length <= plain.Source.Length, $"{name}: the chosen encoding is not the shortest");
    }

    [Fact]
    public void Gzip_payload_is_a_real_gzip_stream()
    {
        var text = string.Concat(Enumerable.Repeat("gzip me please\n", 50));
        var resource = IgnitionResource.FromText(text);
        var compressed = Convert.FromBase64String(resource.Source["data:;base64,".Length..]);

        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        Assert.Equal(text, reader.ReadToEnd());
    }

    [Fact]
    public void DecodeData_reads_hand_written_data_urls()
    {
        Assert.Equal("hello plain\n"u8.ToArray(), new IgnitionResource("data:,hello%20plain%0a").DecodeData());
        Assert.Equal("third\n"u8.ToArray(), new IgnitionResource("data:text/plain;base64,dGhpcmQK").DecodeData());
    }

    [Fact]
    public void DecodeData_is_null_for_remote_sources()
    {
        Assert.Null(new IgnitionResource("https://example.com/x").DecodeData());
    }

    [Theory]
    [InlineData("data:no-comma")]
    [InlineData("data:,bad%2")]
    [InlineData("data:,bad%zz")]
    [InlineData("data:;base64,@@@")]
    public void DecodeData_rejects_malformed_data_urls(string source)
    {
        Assert.Throws<FormatException>(() => new IgnitionResource(source).DecodeData());
    }

    public static TheoryData<string, byte[]> Payloads()
    {
        var random = new Random(42);
        var noise = new byte[3000];
        random.NextBytes(noise);
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "short text", "node-1\n"u8.ToArray() },
            { "all byte values", [.. Enumerable.Range(0, 256).Select(i => (byte)i)] },
            { "random noise", noise },
            { "repetitive text", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("repeat after me\n", 500))) },
            { "unicode", Encoding.UTF8.GetBytes("grüße – ✓ 日本\n") },
        };
    }
}
