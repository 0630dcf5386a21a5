using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>Ignition's <c>verification</c> object of a resource, as it stands in the JSON.</summary>
/// <param name="Hash">The expected hash, <c>sha512-&lt;hex&gt;</c> or <c>sha256-&lt;hex&gt;</c>; <c>null</c> for none.</param>
internal sealed record IgnitionVerification([property: JsonPropertyName("hash")] string? Hash = null);
