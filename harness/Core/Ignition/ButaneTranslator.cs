using System.Text;
using YamlDotNet.Core;

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
        var document = ButaneYamlReader.Read(yaml, source)
            ?? throw source.Error(
                Mark.Empty, "", $"the config is empty (expected at least variant: {Variant} and version: {Version})");
        CheckVariantAndVersion(document, source);

        var config = IgnitionConfig.Empty;
        if (document.Passwd is { } passwd)
        {
            config = config with
            {
                Users = [.. (passwd.Users ?? []).Select(u => ReadUser(u, source))],
                PasswdGroups = [.. (passwd.Groups ?? []).Select(g => ReadGroup(g, source))],
            };
        }
        if (document.Storage is { } storage)
        {
            config = ButaneStorage.Translate(storage, source, config);
        }
        if (document.Systemd is { } systemd)
        {
            config = config with { Units = [.. (systemd.Units ?? []).Select(u => ReadUnit(u, source))] };
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

    private static void CheckVariantAndVersion(ButaneDocument document, ButaneSource source)
    {
        var variant = document.Required(source, document.Variant, "variant");
        if (variant.Value != Variant)
        {
            throw variant.Fail(source, $"expected \"{Variant}\", got {variant.Quoted}");
        }
        var version = document.Required(source, document.Version, "version");
        if (version.Value != Version)
        {
            throw version.Fail(
                source, $"expected \"{Version}\" (Ignition {IgnitionConfig.SpecVersion}), got {version.Quoted}");
        }
    }

    private static IgnitionUser ReadUser(ButaneDocument.User user, ButaneSource source) =>
        new(user.Required(source, user.Name, "name").Value)
        {
            PasswordHash = user.PasswordHash?.Value,
            SshAuthorizedKeys = [.. (user.SshAuthorizedKeys ?? []).Select(k => k.Value)],
            Uid = user.Uid?.Value,
            Gecos = user.Gecos?.Value,
            HomeDir = user.HomeDir?.Value,
            NoCreateHome = user.NoCreateHome?.Value,
            PrimaryGroup = user.PrimaryGroup?.Value,
            Groups = [.. (user.Groups ?? []).Select(g => g.Value)],
            Shell = user.Shell?.Value,
            System = user.System?.Value,
        };

    private static IgnitionGroup ReadGroup(ButaneDocument.Group group, ButaneSource source) =>
        new(group.Required(source, group.Name, "name").Value)
        {
            Gid = group.Gid?.Value,
            PasswordHash = group.PasswordHash?.Value,
            System = group.System?.Value,
        };

    private static IgnitionUnit ReadUnit(ButaneDocument.Unit unit, ButaneSource source) =>
        new(unit.Required(source, unit.Name, "name").Value)
        {
            Enabled = unit.Enabled?.Value,
            Mask = unit.Mask?.Value,
            Contents = ReadText(unit, unit.Contents, unit.ContentsLocal, source),
            Dropins =
            [
                .. (unit.Dropins ?? []).Select(d => new IgnitionDropin(
                    d.Required(source, d.Name, "name").Value, ReadText(d, d.Contents, d.ContentsLocal, source))),
            ],
        };

    /// <summary>A unit's or drop-in's <c>contents</c>, or the UTF-8 text of its <c>contents_local</c> file.</summary>
    private static string? ReadText(
        ButaneNode node, ButaneValue<string>? contents, ButaneValue<string>? contentsLocal, ButaneSource source)
    {
        node.AtMostOne(source, ("contents", contents), ("contents_local", contentsLocal));
        if (contentsLocal is { } local)
        {
            var bytes = source.ReadLocal(local);
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw local.Fail(source, "the local file is not valid UTF-8 text", e);
            }
        }
        return contents?.Value;
    }
}
