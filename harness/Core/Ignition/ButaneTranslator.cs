using System.Text;

namespace Harness.Ignition;

/// <summary>
/// Translates Butane configs (<c>variant: flatcar</c>, <c>version: 1.0.0</c>) into <see cref="IgnitionConfig"/>
/// (spec 3.3.0), as <c>butane --files-dir</c> would, for the subset a test catalog uses: <c>passwd.users</c>,
/// <c>passwd.groups</c>, <c>storage.files</c>, <c>storage.directories</c>, <c>storage.links</c> and
/// <c>systemd.units</c>. <c>inline</c> and <c>local</c> contents become <c>data:</c> URLs in the shortest encoding
/// (see <see cref="IgnitionResource.FromBytes"/>). Unknown keys, a wrong variant or version, conflicting fields and
/// valid Butane features outside the subset (disks, filesystems, luks, raid, trees, kernel arguments, the
/// <c>ignition</c> section) are errors.
/// </summary>
public static class ButaneTranslator
{
    /// <summary>The Butane variant this translator accepts.</summary>
    public const string Variant = "flatcar";

    /// <summary>The Butane version this translator accepts; it maps to Ignition <see cref="IgnitionConfig.SpecVersion"/>.</summary>
    public const string Version = "1.0.0";

    private static readonly string[] TopLevel = ["variant", "version", "passwd", "storage", "systemd"];
    private static readonly string[] TopLevelUnsupported = ["ignition", "kernel_arguments"];
    private static readonly string[] PasswdKeys = ["users", "groups"];
    private static readonly string[] UserKeys =
    [
        "name", "password_hash", "ssh_authorized_keys", "uid", "gecos", "home_dir", "no_create_home",
        "primary_group", "groups", "shell", "system",
    ];
    private static readonly string[] UserUnsupported = ["no_user_group", "no_log_init", "should_exist"];
    private static readonly string[] GroupKeys = ["name", "gid", "password_hash", "system"];
    private static readonly string[] GroupUnsupported = ["should_exist"];
    private static readonly string[] SystemdKeys = ["units"];
    private static readonly string[] UnitKeys = ["name", "enabled", "mask", "contents", "contents_local", "dropins"];
    private static readonly string[] DropinKeys = ["name", "contents", "contents_local"];

    /// <summary>Translates Butane YAML text.</summary>
    /// <param name="yaml">The Butane config.</param>
    /// <param name="sourceName">The name used in error messages, usually the file path.</param>
    /// <param name="filesDir">
    /// The directory <c>local</c> and <c>contents_local</c> paths are relative to (and must stay inside);
    /// <c>null</c> makes any local reference an error.
    /// </param>
    /// <exception cref="ButaneException">The config is not valid YAML, not valid Butane, or outside the subset.</exception>
    public static IgnitionConfig Translate(string yaml, string sourceName, string? filesDir)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var source = new ButaneSource(sourceName, filesDir);
        var root = new ButaneNode(ButaneYaml.Load(yaml, source), "", source);
        if (root.IsNull)
        {
            throw root.Fail($"the config is empty (expected at least variant: {Variant} and version: {Version})");
        }
        var map = root.Map();
        CheckVariantAndVersion(map);
        map.Expect(TopLevel, TopLevelUnsupported);

        var config = IgnitionConfig.Empty;
        if (map.Optional("passwd") is { } passwd)
        {
            var p = passwd.Map().Expect(PasswdKeys);
            config = config with
            {
                Users = p.Optional("users")?.List(ReadUser) ?? [],
                PasswdGroups = p.Optional("groups")?.List(ReadGroup) ?? [],
            };
        }
        if (map.Optional("storage") is { } storage)
        {
            config = ButaneStorage.Translate(storage, config);
        }
        if (map.Optional("systemd") is { } systemd)
        {
            config = config with
            {
                Units = systemd.Map().Expect(SystemdKeys).Optional("units")?.List(ReadUnit) ?? [],
            };
        }
        return config;
    }

    /// <summary>
    /// Translates a Butane file; <c>local</c> paths are relative to the file's folder, and messages name the file
    /// by <paramref name="path"/> as given.
    /// </summary>
    /// <exception cref="ButaneException">The config is invalid (see <see cref="Translate"/>).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IgnitionConfig TranslateFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Translate(File.ReadAllText(path, Encoding.UTF8), path, folder);
    }

    private static void CheckVariantAndVersion(ButaneMap map)
    {
        var variant = map.Required("variant");
        if (variant.String() != Variant)
        {
            throw variant.Fail($"expected \"{Variant}\", got {variant.Describe()}");
        }
        var version = map.Required("version");
        if (version.String() != Version)
        {
            throw version.Fail(
                $"expected \"{Version}\" (Ignition {IgnitionConfig.SpecVersion}), got {version.Describe()}");
        }
    }

    private static IgnitionUser ReadUser(ButaneNode node)
    {
        var map = node.Map().Expect(UserKeys, UserUnsupported);
        return new IgnitionUser(map.Required("name").String())
        {
            PasswordHash = map.Optional("password_hash")?.String(),
            SshAuthorizedKeys = map.Optional("ssh_authorized_keys")?.List(k => k.String()) ?? [],
            Uid = map.Optional("uid")?.Int(),
            Gecos = map.Optional("gecos")?.String(),
            HomeDir = map.Optional("home_dir")?.String(),
            NoCreateHome = map.Optional("no_create_home")?.Bool(),
            PrimaryGroup = map.Optional("primary_group")?.String(),
            Groups = map.Optional("groups")?.List(g => g.String()) ?? [],
            Shell = map.Optional("shell")?.String(),
            System = map.Optional("system")?.Bool(),
        };
    }

    private static IgnitionGroup ReadGroup(ButaneNode node)
    {
        var map = node.Map().Expect(GroupKeys, GroupUnsupported);
        return new IgnitionGroup(map.Required("name").String())
        {
            Gid = map.Optional("gid")?.Int(),
            PasswordHash = map.Optional("password_hash")?.String(),
            System = map.Optional("system")?.Bool(),
        };
    }

    private static IgnitionUnit ReadUnit(ButaneNode node)
    {
        var map = node.Map().Expect(UnitKeys);
        return new IgnitionUnit(map.Required("name").String())
        {
            Enabled = map.Optional("enabled")?.Bool(),
            Mask = map.Optional("mask")?.Bool(),
            Contents = ReadText(map),
            Dropins = map.Optional("dropins")?.List(d =>
            {
                var dropin = d.Map().Expect(DropinKeys);
                return new IgnitionDropin(dropin.Required("name").String(), ReadText(dropin));
            }) ?? [],
        };
    }

    /// <summary>A unit's or drop-in's <c>contents</c>, or the UTF-8 text of its <c>contents_local</c> file.</summary>
    private static string? ReadText(ButaneMap map)
    {
        map.AtMostOne("contents", "contents_local");
        if (map.Optional("contents_local") is { } local)
        {
            var bytes = local.Source.ReadLocal(local);
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw local.Fail("the local file is not valid UTF-8 text", e);
            }
        }
        return map.Optional("contents")?.String();
    }
}
