namespace Harness.Sysext;

/// <summary>
/// Applies systemd's matching rules for extension images (<c>extension_release_validate</c>, systemd 252;
/// research/flatcar-os.md §4.2) so a test can say beforehand whether, and why, an extension will be merged or refused.
/// </summary>
public static class SysextMatcher
{
    /// <summary>The scope of a booted system (as opposed to <c>initrd</c>).</summary>
    public const string SystemScope = "system";

    /// <summary>
    /// Decides whether systemd-sysext on a host with <paramref name="host"/>'s os-release and architecture
    /// <paramref name="hostArchitecture"/> (systemd's name, <c>x86-64</c>) merges an extension whose release file
    /// holds <paramref name="release"/> (null: the image has none).
    /// </summary>
    public static SysextMatch Match(ExtensionRelease? release, OsRelease host, string hostArchitecture, string scope = SystemScope)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrEmpty(hostArchitecture);
        if (release is null)
        {
            return Refused("the image has no extension-release file");
        }

        var scopes = (release.Scope ?? "system portable").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains(scope, StringComparer.Ordinal))
        {
            return Refused($"SYSEXT_SCOPE '{release.Scope}' does not include '{scope}'");
        }

        if (release.Architecture is { Length: > 0 } arch && arch != SysextArchitecture.Any && arch != hostArchitecture)
        {
            return Refused($"ARCHITECTURE '{arch}' is not the host's '{hostArchitecture}'");
        }

        if (string.IsNullOrEmpty(release.Id))
        {
            return Refused("the extension-release file has no ID");
        }
        if (release.Id == SysextArchitecture.Any)
        {
            return Accepted("ID '_any' matches every host (no version checks)");
        }
        if (release.Id != host.Id)
        {
            return Refused($"ID '{release.Id}' does not match the host's ID '{host.Id}' (systemd 252 ignores ID_LIKE)");
        }

        if (host.VersionId is null && host.SysextLevel is null)
        {
            return Accepted($"ID '{release.Id}' matches and the host declares no VERSION_ID or SYSEXT_LEVEL");
        }
        if (host.SysextLevel is not null && !string.IsNullOrEmpty(release.SysextLevel))
        {
            return release.SysextLevel == host.SysextLevel
                ? Accepted($"ID '{release.Id}' and SYSEXT_LEVEL '{release.SysextLevel}' match the host")
                : Refused($"SYSEXT_LEVEL '{release.SysextLevel}' does not match the host's SYSEXT_LEVEL '{host.SysextLevel}'");
        }
        if (host.VersionId is not null)
        {
            if (string.IsNullOrEmpty(release.VersionId))
            {
                return Refused(host.SysextLevel is null
                    ? $"the host has no SYSEXT_LEVEL, so VERSION_ID is compared, and the extension has none (host VERSION_ID '{host.VersionId}')"
                    : $"the extension has neither SYSEXT_LEVEL nor VERSION_ID (host SYSEXT_LEVEL '{host.SysextLevel}', VERSION_ID '{host.VersionId}')");
            }
            return release.VersionId == host.VersionId
                ? Accepted($"ID '{release.Id}' and VERSION_ID '{release.VersionId}' match the host")
                : Refused($"VERSION_ID '{release.VersionId}' does not match the host's VERSION_ID '{host.VersionId}'");
        }
        return Accepted($"ID '{release.Id}' matches; the host has SYSEXT_LEVEL '{host.SysextLevel}' but the extension none, and no VERSION_ID to compare");
    }

    private static SysextMatch Accepted(string reason) => new(true, reason);

    private static SysextMatch Refused(string reason) => new(false, reason);
}
