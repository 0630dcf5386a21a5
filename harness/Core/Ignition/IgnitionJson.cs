using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Harness.Ignition;

/// <summary>
/// Reads and writes <see cref="IgnitionConfig"/> as Ignition JSON through <see cref="IgnitionJsonContext"/>:
/// properties in spec order, empty lists and sections omitted, readable escaping, <c>\n</c> line endings.
/// </summary>
internal static class IgnitionJson
{
    private static readonly string[] AcceptedVersions = ["3.0.0", "3.1.0", "3.2.0", "3.3.0"];

    private static readonly JsonTypeInfo<IgnitionDocument> Indented = Contract(indented: true);
    private static readonly JsonTypeInfo<IgnitionDocument> Compact = Contract(indented: false);

    public static string Write(IgnitionConfig config, bool indented) =>
        JsonSerializer.Serialize(IgnitionDocument.From(config), indented ? Indented : Compact);

    /// <exception cref="FormatException">
    /// The text is not a spec 3.0.0–3.3.0 config this model holds; the message names the JSON path, line and column.
    /// </exception>
    public static IgnitionConfig Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        IgnitionDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, Compact);
        }
        catch (JsonException e) when (e.InnerException is JsonException)
        {
            throw new FormatException($"not valid JSON: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new FormatException(Describe(e), e);
        }
        if (document is null)
        {
            throw new FormatException("not an Ignition config: the JSON is null");
        }
        var version = document.Ignition.Version;
        if (!AcceptedVersions.Contains(version))
        {
            throw new FormatException(
                $"ignition.version: expected one of {string.Join(", ", AcceptedVersions)}, got \"{version}\"");
        }
        return document.ToConfig();
    }

    private static JsonTypeInfo<IgnitionDocument> Contract(bool indented)
    {
        var options = new JsonSerializerOptions(IgnitionJsonContext.Default.Options)
        {
            WriteIndented = indented,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = IgnitionJsonContext.Default.WithAddedModifier(OmitEmptyLists),
        };
        return (JsonTypeInfo<IgnitionDocument>)options.GetTypeInfo(typeof(IgnitionDocument));
    }

    /// <summary>Ignition treats an empty list as unset, and so do the golden files: an empty list is not written.</summary>
    private static void OmitEmptyLists(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.PropertyType.IsGenericType
                && property.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                property.ShouldSerialize = (_, value) => value is IReadOnlyCollection<object> { Count: > 0 };
            }
        }
    }

    /// <summary>
    /// System.Text.Json's message without its trailing location, behind the field path and the 1-based line and
    /// column, for example <c>storage.files[0].mode (line 1, column 70): The JSON value could not be converted…</c>.
    /// </summary>
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var suffix = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = suffix >= 0 ? message[..suffix] : message;
        var where = e.LineNumber is { } line
            ? $" (line {line + 1}, column {e.BytePositionInLine + 1})"
            : "";
        var path = e.Path is null or "$" ? "(the document)" : e.Path.TrimStart('$', '.');
        return $"{path}{where}: {message}";
    }
}
