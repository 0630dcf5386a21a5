using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>
/// The source-generated System.Text.Json contract of an Ignition config: spec property names, unset fields
/// omitted, unknown members rejected, required fields and non-null annotations enforced when reading.
/// <see cref="IgnitionJson"/> adds the settings attributes cannot express.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(IgnitionDocument))]
internal sealed partial class IgnitionJsonContext : JsonSerializerContext;
