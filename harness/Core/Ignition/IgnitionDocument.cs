using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>
/// An Ignition config as it stands in the JSON: the <c>ignition</c>, <c>passwd</c>, <c>storage</c> and
/// <c>systemd</c> sections, each omitted when empty. <see cref="IgnitionConfig"/> holds the same entries flat.
/// </summary>
internal sealed record IgnitionDocument(
    [property: JsonPropertyName("ignition"), JsonPropertyOrder(0)] IgnitionDocument.Metadata Ignition,
    [property: JsonPropertyName("passwd"), JsonPropertyOrder(1)] IgnitionDocument.PasswdSection? Passwd = null,
    [property: JsonPropertyName("storage"), JsonPropertyOrder(2)] IgnitionDocument.StorageSection? Storage = null,
    [property: JsonPropertyName("systemd"), JsonPropertyOrder(3)] IgnitionDocument.SystemdSection? Systemd = null)
{
    /// <summary>The document of <paramref name="config"/>, at <see cref="IgnitionConfig.SpecVersion"/>.</summary>
    public static IgnitionDocument From(IgnitionConfig config) => new(
        new Metadata(IgnitionConfig.SpecVersion),
        config.Users.Count + config.PasswdGroups.Count == 0
            ? null
            : new PasswdSection(config.Users, config.PasswdGroups),
        config.Directories.Count + config.Files.Count + config.Links.Count == 0
            ? null
            : new StorageSection(config.Directories, config.Files, config.Links),
        config.Units.Count == 0 ? null : new SystemdSection(config.Units));

    /// <summary>The flat config this document holds.</summary>
    public IgnitionConfig ToConfig() => new()
    {
        Users = Passwd?.Users ?? [],
        PasswdGroups = Passwd?.Groups ?? [],
        Directories = Storage?.Directories ?? [],
        Files = Storage?.Files ?? [],
        Links = Storage?.Links ?? [],
        Units = Systemd?.Units ?? [],
    };

    /// <summary>The <c>ignition</c> section; the harness holds only its <c>version</c>.</summary>
    internal sealed record Metadata([property: JsonPropertyName("version")] string Version);

    /// <summary>The <c>passwd</c> section.</summary>
    internal sealed record PasswdSection(
        [property: JsonPropertyName("users"), JsonPropertyOrder(0)] IReadOnlyList<IgnitionUser>? Users = null,
        [property: JsonPropertyName("groups"), JsonPropertyOrder(1)] IReadOnlyList<IgnitionGroup>? Groups = null);

    /// <summary>The <c>storage</c> section.</summary>
    internal sealed record StorageSection(
        [property: JsonPropertyName("directories"), JsonPropertyOrder(0)] IReadOnlyList<IgnitionDirectory>? Directories = null,
        [property: JsonPropertyName("files"), JsonPropertyOrder(1)] IReadOnlyList<IgnitionFile>? Files = null,
        [property: JsonPropertyName("links"), JsonPropertyOrder(2)] IReadOnlyList<IgnitionLink>? Links = null);

    /// <summary>The <c>systemd</c> section.</summary>
    internal sealed record SystemdSection(
        [property: JsonPropertyName("units"), JsonPropertyOrder(0)] IReadOnlyList<IgnitionUnit>? Units = null);
}
