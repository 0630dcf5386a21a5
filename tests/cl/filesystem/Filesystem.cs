using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Filesystem;

/// <summary>
/// cl.filesystem (kola: <c>cl.filesystem</c>, flatcar/mantle kola/tests/misc/files.go): the running machine's file
/// system, searched the way kola does (<c>filesystem/find.sh</c>: kola's <c>find</c> expressions and pruned paths), has
/// no dead symbolic links, no SUID or SGID file Flatcar does not have (<see cref="FlatcarFilesystem"/>), no
/// world-writable file, no world-writable directory without the sticky bit, no sticky directory outside the tmpfs-like
/// roots, and none of kola's blacklisted paths (perl, python, <c>/usr/share/man</c>, <c>/usr/bin/*.old</c>, control
/// characters, spaces or DEL in names). kola reports each search as a subtest; here one failure lists every search's
/// findings.
/// </summary>
public sealed class Filesystem
{
    [OsTest("cl.filesystem")]
    public async Task File_system_has_no_dead_links_unknown_set_id_files_stray_writable_or_sticky_paths_or_blacklisted_names()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);

        (string Search, string What, string Found)[] searches =
        [
            ("deadlinks", "dead symbolic links", await FindAsync(vm, "deadlinks")),
            ("suid", "SUID files Flatcar does not have", await FindAsync(vm, "suid", FlatcarFilesystem.SuidFiles)),
            ("sgid", "SGID files Flatcar does not have", await FindAsync(vm, "sgid", FlatcarFilesystem.SgidFiles)),
            ("writablefiles", "world-writable files", await FindAsync(vm, "writablefiles")),
            ("writabledirs", "world-writable directories without the sticky bit", await FindAsync(vm, "writabledirs")),
            ("stickydirs", "sticky directories outside /tmp, /var/tmp, /media, /dev/shm, /dev/mqueue", await FindAsync(vm, "stickydirs")),
            ("blacklist", "blacklisted paths", await FindAsync(vm, "blacklist")),
        ];

        var findings = searches.Where(s => s.Found.Length > 0).Select(s => $"{s.Search}: {s.What}:\n{s.Found}").ToList();
        Assert.True(findings.Count == 0, $"the file system differs from Flatcar's (kola cl.filesystem):\n\n{string.Join("\n\n", findings)}");
    }

    private static Task<string> FindAsync(Machine vm, string search, params string[] allowed) =>
        vm.RunScriptAsync("filesystem/find.sh", [search, .. allowed]);
}
