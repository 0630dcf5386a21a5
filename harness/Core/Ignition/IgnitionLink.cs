using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>A symbolic or hard link to create (Ignition <c>storage.links[]</c>).</summary>
/// <param name="Path">The absolute path of the link.</param>
/// <param name="Target">What the link points to.</param>
public sealed record IgnitionLink(
    [property: JsonPropertyName("path"), JsonPropertyOrder(0)] string Path,
    [property: JsonPropertyName("target"), JsonPropertyOrder(4)] string Target)
{
    /// <summary>Whether this is a hard link; Ignition defaults to a symbolic link.</summary>
    [JsonPropertyName("hard"), JsonPropertyOrder(5)]
    public bool? Hard { get; init; }

    /// <summary>The owning user; Ignition defaults to root.</summary>
    [JsonPropertyName("user"), JsonPropertyOrder(2)]
    public IgnitionOwner? User { get; init; }

    /// <summary>The owning group; Ignition defaults to root.</summary>
    [JsonPropertyName("group"), JsonPropertyOrder(3)]
    public IgnitionOwner? Group { get; init; }

    /// <summary>Whether to delete a pre-existing node at the path; Ignition defaults to <c>false</c>.</summary>
    [JsonPropertyName("overwrite"), JsonPropertyOrder(1)]
    public bool? Overwrite { get; init; }
}
