using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Artifacts;

/// <summary>
/// The form of an Ignition config that is written as an artifact (each machine's <c>ignition.json</c>): every
/// <c>passwordHash</c> becomes <c>"&lt;redacted&gt;"</c>, every file whose <c>data:</c> URL holds a secret (a private
/// key, a token) gets the contents <c>&lt;redacted&gt;</c> (uncompressed), and any other string holding a secret is
/// redacted in place — so the copy stays valid JSON with the same structure. A config that is not JSON (a test's
/// broken raw config) is redacted as text.
/// </summary>
public static class IgnitionRedaction
{
    /// <summary>What replaces a password hash and a secret file's contents.</summary>
    public const string Redacted = "<redacted>";

    private static readonly JsonSerializerOptions Output = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><paramref name="json"/> without secrets; unchanged (byte for byte) when it holds none.</summary>
    public static string Redact(string json, SecretScan secrets)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(secrets);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return secrets.Redact(json);
        }

        return root is not null && Walk(root, secrets) ? root.ToJsonString(Output) + "\n" : json;
    }

    private static bool Walk(JsonNode node, SecretScan secrets)
    {
        var changed = false;
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    changed |= Walk(item, secrets);
                }

                break;
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    changed |= value switch
                    {
                        JsonValue v when v.TryGetValue<string>(out var text) => RedactValue(obj, name, text, secrets),
                        JsonNode child => Walk(child, secrets),
                        _ => false,
                    };
                }

                break;
        }

        return changed;
    }

    private static bool RedactValue(JsonObject owner, string name, string text, SecretScan secrets)
    {
        if (name == "passwordHash")
        {
            owner[name] = Redacted;
            return text != Redacted;
        }

        if (!secrets.HasSecret(text))
        {
            return false;
        }

        if (name == "source" && text.StartsWith("data:", StringComparison.Ordinal))
        {
            owner[name] = "data:," + Uri.EscapeDataString(Redacted);
            owner.Remove("compression"); // the redacted contents are plain text
        }
        else
        {
            owner[name] = secrets.Redact(text);
        }

        return true;
    }
}
