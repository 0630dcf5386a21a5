using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Ignition;
using Harness.Testing;

namespace Harness.Tests.Ignition;

/// <summary>
/// Golden files for rendered Ignition JSON. <c>HARNESS_UPDATE_GOLDEN=1</c> rewrites them instead of comparing;
/// review the diff. Rendered JSON is normalized first: gzip-compressed <c>data:</c> URLs are replaced by a stand-in
/// showing the decompressed bytes percent-escaped (<c>gzip+data:,…</c>), so the files do not depend on the zlib
/// build; the encoding itself is covered by the data URL tests.
/// </summary>
internal static class Golden
{
    /// <summary>Compares <paramref name="config"/>'s normalized JSON with the golden file (or rewrites it).</summary>
    public static void AssertMatches(string goldenPath, IgnitionConfig config) =>
        GoldenFile.Verify(goldenPath, Normalize(config.ToJson()));

    /// <summary>Indented JSON ending in a newline, gzip data URLs replaced by their decompressed stand-in.</summary>
    public static string Normalize(string json)
    {
        var root = JsonNode.Parse(json)!;
        foreach (var resource in Resources(root))
        {
            if ((string?)resource["compression"] != "gzip"
                || resource["source"] is not JsonValue sourceValue
                || !sourceValue.GetValue<string>().StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }
            var bytes = new IgnitionResource(sourceValue.GetValue<string>()) { Compression = "gzip" }.DecodeData()!;
            resource["source"] = "gzip+" + DataUrlOf(bytes);
        }
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            NewLine = "\n",
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return root.ToJsonString(options) + "\n";
    }

    private static string DataUrlOf(byte[] bytes) => DataUrl.Escaped(bytes);

    private static IEnumerable<JsonObject> Resources(JsonNode root)
    {
        if (root["storage"]?["files"] is not JsonArray files)
        {
            yield break;
        }
        foreach (var file in files.OfType<JsonObject>())
        {
            if (file["contents"] is JsonObject contents)
            {
                yield return contents;
            }
            if (file["append"] is JsonArray append)
            {
                foreach (var fragment in append.OfType<JsonObject>())
                {
                    yield return fragment;
                }
            }
        }
    }
}
