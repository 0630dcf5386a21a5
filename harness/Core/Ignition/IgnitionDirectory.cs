using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>A directory to create (Ignition <c>storage.directories[]</c>).</summary>
/// <param name="Path">The absolute path of the directory.</param>
public sealed record IgnitionDirectory([property: JsonPropertyName("path"), JsonPropertyOrder(0)] string Path)
{
    /// <summary>The permission bits as a decimal number (0755 is 493); Ignition defaults to 0755.</summary>
    [JsonPropertyName("mode"), JsonPropertyOrder(4)]
    public int? Mode { get; init; }

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
