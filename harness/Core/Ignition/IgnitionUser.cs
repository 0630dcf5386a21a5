using System.Text.Json.Serialization;

namespace Harness.Ignition;

/// <summary>
/// A user to create or modify (Ignition <c>passwd.users[]</c>). Equality compares the lists by value.
/// </summary>
/// <param name="Name">The user name, for example <c>core</c>.</param>
public sealed record IgnitionUser([property: JsonPropertyName("name"), JsonPropertyOrder(0)] string Name)
{
    /// <summary>
    /// Public keys written to <c>~/.ssh/authorized_keys.d/ignition</c> (Flatcar merges them into
    /// <c>authorized_keys</c>).
    /// </summary>
    [JsonPropertyName("sshAuthorizedKeys"), JsonPropertyOrder(3)]
    public IReadOnlyList<string> SshAuthorizedKeys { get; init => field = value ?? []; } = [];

    /// <summary>Supplementary groups the user joins.</summary>
    [JsonPropertyName("groups"), JsonPropertyOrder(5)]
    public IReadOnlyList<string> Groups { get; init => field = value ?? []; } = [];

    /// <summary>The hashed password (for example <c>$6$…</c>), or <c>null</c> for none.</summary>
    [JsonPropertyName("passwordHash"), JsonPropertyOrder(2)]
    public string? PasswordHash { get; init; }

    /// <summary>The numeric uid, or <c>null</c> to let the OS pick one.</summary>
    [JsonPropertyName("uid"), JsonPropertyOrder(1)]
    public int? Uid { get; init; }

    /// <summary>The home directory, or <c>null</c> for the OS default.</summary>
    [JsonPropertyName("homeDir"), JsonPropertyOrder(6)]
    public string? HomeDir { get; init; }

    /// <summary>The login shell, or <c>null</c> for the OS default.</summary>
    [JsonPropertyName("shell"), JsonPropertyOrder(7)]
    public string? Shell { get; init; }

    /// <summary>The GECOS (comment) field.</summary>
    [JsonPropertyName("gecos"), JsonPropertyOrder(8)]
    public string? Gecos { get; init; }

    /// <summary>Whether to skip creating the home directory.</summary>
    [JsonPropertyName("noCreateHome"), JsonPropertyOrder(9)]
    public bool? NoCreateHome { get; init; }

    /// <summary>Whether this is a system account (uid from the system range).</summary>
    [JsonPropertyName("system"), JsonPropertyOrder(10)]
    public bool? System { get; init; }

    /// <summary>The primary group's name, or <c>null</c> for the OS default.</summary>
    [JsonPropertyName("primaryGroup"), JsonPropertyOrder(4)]
    public string? PrimaryGroup { get; init; }

    /// <inheritdoc />
    public bool Equals(IgnitionUser? other) =>
        other is not null
        && Name == other.Name
        && SequenceComparison.Equal(SshAuthorizedKeys, other.SshAuthorizedKeys)
        && SequenceComparison.Equal(Groups, other.Groups)
        && PasswordHash == other.PasswordHash
        && Uid == other.Uid
        && HomeDir == other.HomeDir
        && Shell == other.Shell
        && Gecos == other.Gecos
        && NoCreateHome == other.NoCreateHome
        && System == other.System
        && PrimaryGroup == other.PrimaryGroup;

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Name, SequenceComparison.Hash(SshAuthorizedKeys), SequenceComparison.Hash(Groups), Uid);
}
