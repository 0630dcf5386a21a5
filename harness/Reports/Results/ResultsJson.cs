using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Results;

/// <summary>
/// The JSON form of <see cref="ResultsDocument"/> (schema in <c>docs/results.md</c>): camelCase names, enum values in
/// camelCase (<c>passed</c>), times as ISO-8601 UTC with milliseconds (<c>2026-11-21T10:00:00.000Z</c>), indented.
/// </summary>
public static class ResultsJson
{
    /// <summary>The serializer options used for <c>results.json</c>.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes <paramref name="document"/>, ending with a newline.</summary>
    public static string Serialize(ResultsDocument document) =>
        JsonSerializer.Serialize(document, Options) + "\n";

    /// <summary>Reads a <c>results.json</c> text.</summary>
    /// <exception cref="JsonException">Not a results document.</exception>
    public static ResultsDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<ResultsDocument>(json, Options) ?? throw new JsonException("results.json is null");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new UtcTimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Writes times as UTC with a <c>Z</c> and milliseconds; reads any ISO-8601 time.</summary>
    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
