using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>
/// A systemd unit to write, enable or mask (Ignition <c>systemd.units[]</c>). Equality compares
/// <see cref="Dropins"/> by value.
/// </summary>
/// <param name="Name">The unit name including its suffix, for example <c>hello.service</c>.</param>
public sealed record IgnitionUnit([property: JsonPropertyName("name"), JsonPropertyOrder(0)] string Name)
{
    /// <summary>Whether to enable (<c>true</c>) or disable (<c>false</c>) the unit; enabling needs an <c>[Install]</c> section.</summary>
    [JsonPropertyName("enabled"), JsonPropertyOrder(1)]
    public bool? Enabled { get; init; }

    /// <summary>Whether to mask the unit (link it to <c>/dev/null</c>).</summary>
    [JsonPropertyName("mask"), JsonPropertyOrder(2)]
    public bool? Mask { get; init; }

    /// <summary>The unit file's text, or <c>null</c> to leave the unit file alone.</summary>
    [JsonPropertyName("contents"), JsonPropertyOrder(3)]
    public string? Contents { get; init; }

    /// <summary>Drop-ins written to <c>/etc/systemd/system/NAME.d/</c>.</summary>
    [JsonPropertyName("dropins"), JsonPropertyOrder(4)]
    public IReadOnlyList<IgnitionDropin> Dropins { get; init => field = value ?? []; } = [];

    /// <inheritdoc />
    public bool Equals(IgnitionUnit? other) =>
        other is not null
        && Name == other.Name
        && Enabled == other.Enabled
        && Mask == other.Mask
        && Contents == other.Contents
        && SequenceComparison.Equal(Dropins, other.Dropins);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Name, Enabled, Mask, Contents, SequenceComparison.Hash(Dropins));
}
