namespace Tests.Cl.Filesystem;

/// <summary>
/// Flatcar's facts that kola's <c>cl.filesystem</c> checks against, as data: the only files Flatcar ships with the
/// SUID or SGID bit (flatcar/mantle kola/tests/misc/files.go, <c>SUIDFiles</c> and <c>SGIDFiles</c>, at
/// f43f4e9c439f95a40e916e453f91142d293a1b0e). Some name paths of older or other Flatcar builds (<c>/usr/lib64/…</c>,
/// <c>ksu</c>); a path listed here is allowed, not required.
/// </summary>
internal static class FlatcarFilesystem
{
    /// <summary>Files that may be SUID (<c>find -perm -4000</c>).</summary>
    public static readonly string[] SuidFiles =
    [
        "/usr/bin/chage",
        "/usr/bin/chfn",
        "/usr/bin/chsh",
        "/usr/bin/expiry",
        "/usr/bin/gpasswd",
        "/usr/bin/ksu",
        "/usr/bin/man",
        "/usr/bin/mandb",
        "/usr/bin/mount",
        "/usr/bin/mount.nfs",
        "/usr/bin/newgidmap",
        "/usr/bin/newgrp",
        "/usr/bin/newuidmap",
        "/usr/bin/passwd",
        "/usr/bin/pkexec",
        "/usr/bin/su",
        "/usr/bin/sudo",
        "/usr/bin/umount",
        "/usr/bin/unix_chkpwd",
        "/usr/lib/polkit-1/polkit-agent-helper-1",
        "/usr/lib64/polkit-1/polkit-agent-helper-1",
        "/usr/libexec/dbus-daemon-launch-helper",
        "/usr/sbin/mount.nfs",
        "/usr/sbin/unix_chkpwd",
    ];

    /// <summary>Files that may be SGID (<c>find -perm -2000</c>).</summary>
    public static readonly string[] SgidFiles =
    [
        "/usr/bin/chage",
        "/usr/bin/expiry",
        "/usr/bin/unix_chkpwd",
    ];
}
