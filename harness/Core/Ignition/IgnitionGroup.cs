using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>A group to create or modify (Ignition <c>passwd.groups[]</c>).</summary>
/// <param name="Name">The group name.</param>
public sealed record IgnitionGroup([property: JsonPropertyName("name"), JsonPropertyOrder(0)] string Name)
{
    /// <summary>The numeric gid, or <c>null</c> to let the OS pick one.</summary>
    [JsonPropertyName("gid"), JsonPropertyOrder(1)]
    public int? Gid { get; init; }

    /// <summary>The hashed password of the group, or <c>null</c>.</summary>
    [JsonPropertyName("passwordHash"), JsonPropertyOrder(2)]
    public string? PasswordHash { get; init; }

    /// <summary>Whether this is a system group (allocated from the system range).</summary>
    [JsonPropertyName("system"), JsonPropertyOrder(3)]
    public bool? System { get; init; }
}
