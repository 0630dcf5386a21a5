using System.Text.RegularExpressions;

namespace Harness.ConsoleChecks;

/// <summary>
/// The check table: kola's <c>consoleChecks</c> (kola.md §3.4) with stable ids, minus the ones that do not apply
/// (SELinux denials, bonding link flaps, coreos-metadata). Lines are matched one at a time.
/// </summary>
internal static class ConsoleCheckCatalog
{
    public const string KernelPanic = "kernel-panic";
    public const string EmergencyMode = "emergency-mode";

    public static IReadOnlyList<ConsoleCheck> All { get; } =
    [
        Check(KernelPanic, "kernel panic", @"Kernel panic - not syncing: (.*)"),
        Check(EmergencyMode, "emergency shell", @"Press Enter for emergency shell|Starting Emergency Shell|You are in emergency mode|Entering emergency mode"),
        Check("ignition-failed", "Ignition failed", @"Ignition failed:? (.*)|ignition\[\d+\]: failed to fetch config: (context canceled)"),
        Check("oops", "kernel oops", @"\bOops: (.*)"),
        Check("kernel-warning", "kernel warning", @"WARNING: CPU: \d+ PID: \d+ at (.+)"),
        Check("kernel-bug", "kernel BUG", @"(?:^|[\]:]\s*)BUG: (?!soft lockup)(.+)"),
        Check("general-protection-fault", "general protection fault", @"general protection fault(.*)"),
        Check("soft-lockup", "soft lockup", @"BUG: soft lockup - (CPU#\d+ stuck for \S+)"),
        Check("hung-task", "hung task", @"INFO: task (\S+) blocked for more than \d+ seconds"),
        Check("bad-page-table", "bad page table", @"mm/pgtable-generic\.c:\d+: bad (p.d|pte)"),
        Check("go-panic", "Go panic", @"\bpanic: (.*)"),
        Check("segfault", "segmentation fault", @"SIGSEGV|=11/SEGV|(\S+\[\d+\]): segfault at"),
        Check("coredump", "core dump", @"[Cc]ore dump|dumped core"),
        Check("failed-unit", "systemd unit failed to start", @"Failed to start (.*)|Dependency failed for (.*)|Failed to isolate default target"),
        Check("systemd-frozen", "systemd froze execution", @"systemd\[1\]: Freezing execution"),
        Check("ordering-cycle", "systemd ordering cycle", @"Ordering cycle found, skipping (.*)|Job (.*) deleted to break ordering cycle|Found ordering cycle on (.*)"),
        Check("initrd-cleanup-killed", "initrd-cleanup.service terminated", @"initrd-cleanup\.service: Main process exited, code=killed, status=15/TERM"),
        Check("ext4-error", "ext4 filesystem error", @"EXT4-fs error \((device .*?)\)|Aborting journal on device (.*)|EXT4-fs \((.*?)\): Remounting filesystem read-only|EXT4-fs \([^)]+\): Delayed block allocation failed .* with (error \d+)|UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY"),
        Check("verity-corruption", "dm-verity detected corruption", @"device-mapper: verity: (\d+:\d+): data block \d+ is corrupted"),
        Check(
            "io-error",
            "disk I/O error",
            @"I/O error, dev (\S+?),? sector \d+|Buffer I/O error on (?:device|dev) (\S+?),? logical block \d+|rejecting I/O to offline device|EXT4-fs warning \((device .*?)\): .*:\d+: I/O error .* writing to inode \d+",
            skipLineIf: @"\b(?:dev|device) sr\d"),
        Check("grub-memory-corruption", "GRUB memory corruption", @"((?:alloc|free) magic) (?:is )?broken"),
    ];

    private static ConsoleCheck Check(string id, string description, string pattern, string? skipLineIf = null) =>
        new(id, description, Create(pattern), skipLineIf is null ? null : Create(skipLineIf));

    private static Regex Create(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
}
