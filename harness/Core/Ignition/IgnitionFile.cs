using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>
/// A regular file to write (Ignition <c>storage.files[]</c>). Equality compares <see cref="Append"/> by value.
/// </summary>
/// <param name="Path">The absolute path of the file.</param>
public sealed record IgnitionFile([property: JsonPropertyName("path"), JsonPropertyOrder(0)] string Path)
{
    /// <summary>The file's contents, or <c>null</c> for an empty file (or to keep an existing one).</summary>
    [JsonPropertyName("contents"), JsonPropertyOrder(5)]
    public IgnitionResource? Contents { get; init; }

    /// <summary>Fragments appended to the file, in order, after <see cref="Contents"/>.</summary>
    [JsonPropertyName("append"), JsonPropertyOrder(6)]
    public IReadOnlyList<IgnitionResource> Append { get; init => field = value ?? []; } = [];

    /// <summary>The permission bits as a decimal number (0644 is 420); Ignition defaults to 0644.</summary>
    [JsonPropertyName("mode"), JsonPropertyOrder(4)]
    public int? Mode { get; init; }

    /// <summary>The owning user; Ignition defaults to root.</summary>
    [JsonPropertyName("user"), JsonPropertyOrder(2)]
    public IgnitionOwner? User { get; init; }

    /// <summary>The owning group; Ignition defaults to root.</summary>
    [JsonPropertyName("group"), JsonPropertyOrder(3)]
    public IgnitionOwner? Group { get; init; }

    /// <summary>
    /// Whether to replace a pre-existing node at the path; Ignition defaults to <c>false</c>, which fails the boot
    /// when a different file already exists there.
    /// </summary>
    [JsonPropertyName("overwrite"), JsonPropertyOrder(1)]
    public bool? Overwrite { get; init; }

    /// <inheritdoc />
    public bool Equals(IgnitionFile? other) =>
        other is not null
        && Path == other.Path
        && Contents == other.Contents
        && SequenceComparison.Equal(Append, other.Append)
        && Mode == other.Mode
        && User == other.User
        && Group == other.Group
        && Overwrite == other.Overwrite;

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Path, Contents, SequenceComparison.Hash(Append), Mode, User, Group, Overwrite);
}
