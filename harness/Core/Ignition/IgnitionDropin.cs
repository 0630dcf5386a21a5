using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>A systemd drop-in for a unit (Ignition <c>systemd.units[].dropins[]</c>).</summary>
/// <param name="Name">The drop-in file name; it must end in <c>.conf</c>.</param>
/// <param name="Contents">The drop-in's text, or <c>null</c> to remove an existing drop-in of that name.</param>
public sealed record IgnitionDropin(
    [property: JsonPropertyName("name"), JsonPropertyOrder(0)] string Name,
    [property: JsonPropertyName("contents"), JsonPropertyOrder(1)] string? Contents = null);
