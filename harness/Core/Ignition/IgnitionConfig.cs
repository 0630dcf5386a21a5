namespace Harness.Ignition;

/// <summary>
/// An immutable Ignition config (spec 3.3.0, what Butane <c>variant: flatcar</c> <c>version: 1.0.0</c> produces and
/// what both Flatcar and Debian's Ignition 2.14 accept). Build it with the fluent <c>With…</c> methods, which return
/// new instances, render it with <see cref="ToJson"/>. Equality compares the lists by value.
/// </summary>
public sealed record IgnitionConfig
{
    /// <summary>The spec version written to <c>ignition.version</c>.</summary>
    public const string SpecVersion = "3.3.0";

    /// <summary>A config with nothing in it (renders as <c>{"ignition":{"version":"3.3.0"}}</c>).</summary>
    public static IgnitionConfig Empty { get; } = new();

    /// <summary>Users to create or modify (<c>passwd.users</c>).</summary>
    public IReadOnlyList<IgnitionUser> Users { get; init; } = [];

    /// <summary>Groups to create (<c>passwd.groups</c>).</summary>
    public IReadOnlyList<IgnitionGroup> PasswdGroups { get; init; } = [];

    /// <summary>Regular files to write (<c>storage.files</c>).</summary>
    public IReadOnlyList<IgnitionFile> Files { get; init; } = [];

    /// <summary>Directories to create (<c>storage.directories</c>).</summary>
    public IReadOnlyList<IgnitionDirectory> Directories { get; init; } = [];

    /// <summary>Links to create (<c>storage.links</c>).</summary>
    public IReadOnlyList<IgnitionLink> Links { get; init; } = [];

    /// <summary>systemd units to write, enable or mask (<c>systemd.units</c>).</summary>
    public IReadOnlyList<IgnitionUnit> Units { get; init; } = [];

    /// <summary>A copy with <paramref name="user"/> appended (use <see cref="Merge"/> to combine same-named users).</summary>
    public IgnitionConfig WithUser(IgnitionUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return this with { Users = [.. Users, user] };
    }

    /// <summary>A copy with <paramref name="group"/> appended to <see cref="PasswdGroups"/>.</summary>
    public IgnitionConfig WithPasswdGroup(IgnitionGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return this with { PasswdGroups = [.. PasswdGroups, group] };
    }

    /// <summary>
    /// A copy in which user <paramref name="user"/> also accepts <paramref name="publicKey"/>; the user entry is
    /// created when absent, and a key it already has is not added twice.
    /// </summary>
    public IgnitionConfig WithSshKey(string user, string publicKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKey);
        return Merge(Empty with { Users = [new IgnitionUser(user) { SshAuthorizedKeys = [publicKey.Trim()] }] });
    }

    /// <summary>A copy with <paramref name="file"/> appended (Ignition rejects two entries for one path).</summary>
    public IgnitionConfig WithFile(IgnitionFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return this with { Files = [.. Files, file] };
    }

    /// <summary>
    /// A copy with a file at <paramref name="path"/> holding <paramref name="text"/> (UTF-8, as a <c>data:</c> URL)
    /// with permission bits <paramref name="mode"/> (default 0644, written in C# as <c>0b110_100_100</c>), owned by
    /// root, not overwriting an existing file.
    /// </summary>
    public IgnitionConfig WithFile(string path, string text, int mode = 0b110_100_100) =>
        WithFile(new IgnitionFile(path) { Contents = IgnitionResource.FromText(text), Mode = mode });

    /// <summary>A copy with <paramref name="directory"/> appended.</summary>
    public IgnitionConfig WithDirectory(IgnitionDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return this with { Directories = [.. Directories, directory] };
    }

    /// <summary>A copy with <paramref name="link"/> appended.</summary>
    public IgnitionConfig WithLink(IgnitionLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return this with { Links = [.. Links, link] };
    }

    /// <summary>A copy with <paramref name="unit"/> appended.</summary>
    public IgnitionConfig WithUnit(IgnitionUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return this with { Units = [.. Units, unit] };
    }

    /// <summary>
    /// A copy with the entries of <paramref name="other"/> appended after this config's. A user or group whose name
    /// is already present is merged into the existing entry instead: SSH keys and groups are united (order kept,
    /// no duplicates) and the other entry's non-null settings win. Files, directories, links and units are appended
    /// as they are; Ignition rejects duplicate paths and unit names, so <see cref="IgnitionValidator"/> reports them.
    /// </summary>
    public IgnitionConfig Merge(IgnitionConfig other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var users = Users.ToList();
        foreach (var user in other.Users)
        {
            var index = users.FindIndex(u => u.Name == user.Name);
            if (index < 0)
            {
                users.Add(user);
            }
            else
            {
                users[index] = MergeUser(users[index], user);
            }
        }
        var groups = PasswdGroups.ToList();
        foreach (var group in other.PasswdGroups)
        {
            var index = groups.FindIndex(g => g.Name == group.Name);
            if (index < 0)
            {
                groups.Add(group);
            }
            else
            {
                var mine = groups[index];
                groups[index] = mine with
                {
                    Gid = group.Gid ?? mine.Gid,
                    PasswordHash = group.PasswordHash ?? mine.PasswordHash,
                    System = group.System ?? mine.System,
                };
            }
        }
        return new IgnitionConfig
        {
            Users = users,
            PasswdGroups = groups,
            Files = [.. Files, .. other.Files],
            Directories = [.. Directories, .. other.Directories],
            Links = [.. Links, .. other.Links],
            Units = [.. Units, .. other.Units],
        };
    }

    /// <summary>
    /// The config as Ignition spec 3.3.0 JSON: <c>ignition.version</c> first, empty sections and unset fields
    /// omitted, modes as decimal integers, properties in a fixed order, <c>\n</c> line endings.
    /// </summary>
    /// <param name="indented">Whether to indent with two spaces (otherwise one line).</param>
    public string ToJson(bool indented = true) => IgnitionJson.Write(this, indented);

    /// <summary>
    /// Reads a spec 3.x JSON config (3.0.0 to 3.3.0) with the fields this model holds.
    /// </summary>
    /// <exception cref="FormatException">
    /// The text is not JSON, the version is missing or not 3.0.0–3.3.0, a field is missing, null or of the wrong
    /// type, or the config uses a field this model does not hold (the message names its path, line and column).
    /// </exception>
    public static IgnitionConfig Parse(string json) => IgnitionJson.Read(json);

    /// <inheritdoc />
    public bool Equals(IgnitionConfig? other) =>
        other is not null
        && SequenceComparison.Equal(Users, other.Users)
        && SequenceComparison.Equal(PasswdGroups, other.PasswdGroups)
        && SequenceComparison.Equal(Files, other.Files)
        && SequenceComparison.Equal(Directories, other.Directories)
        && SequenceComparison.Equal(Links, other.Links)
        && SequenceComparison.Equal(Units, other.Units);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        SequenceComparison.Hash(Users),
        SequenceComparison.Hash(PasswdGroups),
        SequenceComparison.Hash(Files),
        SequenceComparison.Hash(Directories),
        SequenceComparison.Hash(Links),
        SequenceComparison.Hash(Units));

    private static IgnitionUser MergeUser(IgnitionUser mine, IgnitionUser theirs) => mine with
    {
        SshAuthorizedKeys = [.. mine.SshAuthorizedKeys.Union(theirs.SshAuthorizedKeys, StringComparer.Ordinal)],
        Groups = [.. mine.Groups.Union(theirs.Groups, StringComparer.Ordinal)],
        PasswordHash = theirs.PasswordHash ?? mine.PasswordHash,
        Uid = theirs.Uid ?? mine.Uid,
        HomeDir = theirs.HomeDir ?? mine.HomeDir,
        Shell = theirs.Shell ?? mine.Shell,
        Gecos = theirs.Gecos ?? mine.Gecos,
        NoCreateHome = theirs.NoCreateHome ?? mine.NoCreateHome,
        System = theirs.System ?? mine.System,
        PrimaryGroup = theirs.PrimaryGroup ?? mine.PrimaryGroup,
    };
}
