using System.Runtime.CompilerServices;
using Harness.ConsoleChecks;
using Harness.Testing;

namespace Harness.Tests.ConsoleChecks;

public class ConsoleCheckerTests
{
    [Fact]
    public void Sample_console_findings_match_the_golden_file()
    {
        var sample = File.ReadAllText(HereFile("sample-console.txt"));

        var findings = ConsoleChecker.Scan(sample, ConsoleChecker.ConsoleSource, "m1");

        var rendered = string.Join('\n', findings.Select(f => $"{f.LineNumber}\t{f.CheckId}\t{f.Detail}\t{f.Line}")) + "\n";
        GoldenFile.Verify(HereFile("sample-console.findings.txt"), rendered);
    }

    [Fact]
    public void Every_check_fires_on_the_sample()
    {
        var sample = File.ReadAllText(HereFile("sample-console.txt"));

        var fired = ConsoleChecker.Scan(sample, ConsoleChecker.ConsoleSource, "m1").Select(f => f.CheckId).ToHashSet();

        var silent = ConsoleChecker.Checks.Select(c => c.Id).Except(fired).ToList();
        Assert.True(silent.Count == 0, "checks without a sample line: " + string.Join(", ", silent));
    }

    [Fact]
    public void Check_ids_are_unique_and_stable()
    {
        var ids = ConsoleChecker.Checks.Select(c => c.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Subset(
            ids.ToHashSet(),
            new HashSet<string>
            {
                "kernel-panic", "oops", "kernel-warning", "segfault", "coredump", "emergency-mode", "failed-unit",
                "ordering-cycle", "ext4-error", "verity-corruption", "io-error", "soft-lockup", "hung-task",
            });
    }

    [Fact]
    public void A_clean_boot_has_no_findings()
    {
        const string clean = """
            [    1.000000] systemd[1]: Started sshd.service - OpenSSH per-connection server daemon.
            [  OK  ] Reached target multi-user.target - Multi-User System.
            [    2.000000] EXT4-fs (vda9): mounted filesystem with ordered data mode. Quota mode: none.
            [    2.100000] I/O error, dev sr0, sector 0 op 0x0:(READ)
            flatcar login:
            """;

        Assert.Empty(ConsoleChecker.Scan(clean, ConsoleChecker.JournalSource, "m1"));
    }

    [Fact]
    public void Findings_carry_machine_source_line_and_detail()
    {
        var finding = Assert.Single(ConsoleChecker.Scan("boot\n[ 4.0] Kernel panic - not syncing: VFS: Unable to mount root fs\n", "journal", "cl-basic-m1"));

        Assert.Equal(new ConsoleFinding(
            "kernel-panic",
            "kernel panic",
            "cl-basic-m1",
            "journal",
            2,
            "[ 4.0] Kernel panic - not syncing: VFS: Unable to mount root fs",
            "VFS: Unable to mount root fs"), finding);
        Assert.Equal("cl-basic-m1 journal:2: kernel panic (kernel-panic): [ 4.0] Kernel panic - not syncing: VFS: Unable to mount root fs", finding.ToString());
    }

    [Fact]
    public void Opted_out_checks_are_not_reported()
    {
        const string text = "Kernel panic - not syncing: sysrq triggered crash\nFailed to start foo.service.\n";

        var findings = ConsoleChecker.Scan(text, "console", "m1", [new ConsoleCheckOptOut("kernel-panic", "the test panics the kernel on purpose")]);

        Assert.Equal(["failed-unit"], findings.Select(f => f.CheckId));
    }

    [Fact]
    public void An_unknown_opt_out_id_is_rejected_with_the_known_ids()
    {
        var e = Assert.Throws<ArgumentException>(() => ConsoleChecker.Scan("", "console", "m1", [new ConsoleCheckOptOut("kernel-panik", "typo")]));

        Assert.Contains("unknown console check id 'kernel-panik'", e.Message, StringComparison.Ordinal);
        Assert.Contains("kernel-panic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindCrash_finds_panics_and_emergency_mode_from_an_offset()
    {
        const string text = "Kernel panic - not syncing: old boot\nrebooting\nYou are in emergency mode. After logging in\n";
        var secondBoot = text.IndexOf("rebooting", StringComparison.Ordinal);

        var first = ConsoleChecker.FindCrash(text, "m1");
        var later = ConsoleChecker.FindCrash(text, "m1", secondBoot);

        Assert.Equal(("kernel-panic", 1), (first!.CheckId, first.LineNumber));
        Assert.Equal(("emergency-mode", 3), (later!.CheckId, later.LineNumber));
        Assert.Null(ConsoleChecker.FindCrash(text, "m1", secondBoot, [new ConsoleCheckOptOut("emergency-mode", "expected")]));
        Assert.Null(ConsoleChecker.FindCrash("Failed to start foo.service\n", "m1"));
    }

    private static string HereFile(string name, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, name);
}
