using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>
/// The owner (user or group) of a file, directory or link, given either by numeric id or by name
/// (Ignition's <c>user</c>/<c>group</c> objects). Exactly one of <see cref="Id"/> and <see cref="Name"/> should be set.
/// </summary>
public sealed record IgnitionOwner
{
    /// <summary>The numeric uid or gid, or <c>null</c> when the owner is given by name.</summary>
    [JsonPropertyName("id"), JsonPropertyOrder(0)]
    public int? Id { get; init; }

    /// <summary>The user or group name, or <c>null</c> when the owner is given by id.</summary>
    [JsonPropertyName("name"), JsonPropertyOrder(1)]
    public string? Name { get; init; }

    /// <summary>An owner given by numeric id (for example <c>0</c> for root).</summary>
    public static IgnitionOwner FromId(int id) => new() { Id = id };

    /// <summary>An owner given by name (for example <c>core</c>).</summary>
    public static IgnitionOwner FromName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new() { Name = name };
    }
}
