using Harness.Denylists;

namespace Harness.Tests.Denylists;

public sealed class DenylistTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Fact]
    public void Parses_every_field_and_filters_by_platform_arch_and_channel()
    {
        var list = Denylist.Parse(
            """
            # CoreOS kola's shape, channels for streams
            - pattern: cl.ignition.*
              tracker: https://github.com/flatcar/Flatcar/issues/629
              platforms: [qemu]
              arches: amd64
              channels: [stable, beta]
              snooze: 2026-12-31
            - pattern: cl.basic
              warn: true
            """,
            "denylist.yaml");

        var entry = list.Entries[0];
        Assert.Equal((2, new DateOnly(2026, 12, 31), false), (entry.Line, entry.Snooze!.Value, entry.Warn));
        Assert.Equal(["amd64"], entry.Arches);
        Assert.NotNull(list.Decide("cl.ignition.files", "qemu", "amd64", "stable", Today).SkipReason);
        Assert.Null(list.Decide("cl.ignition.files", "qemu", "arm64", "stable", Today).SkipReason);
        Assert.Null(list.Decide("cl.ignition.files", "qemu", "amd64", "alpha", Today).SkipReason);
        Assert.Null(list.Decide("cl.ignition.files", "azure", "amd64", "stable", Today).SkipReason);
        Assert.True(list.Decide("cl.basic", "qemu", "amd64", "stable", Today).WarnOnly);
        Assert.Equal(DenylistDecision.None, list.Decide("cl.other", "qemu", "amd64", "stable", Today));
    }

    [Fact]
    public void A_snooze_skips_through_its_day_and_expires_after_it()
    {
        var list = Denylist.Parse("- pattern: cl.basic\n  snooze: 2026-12-01\n", "d.yaml");

        Assert.Equal("denylisted until 2026-12-01 by 'cl.basic'", list.Decide("cl.basic", "qemu", "amd64", "stable", Today).SkipReason);
        var after = list.Decide("cl.basic", "qemu", "amd64", "stable", Today.AddDays(1));
        Assert.Null(after.SkipReason);
        Assert.Contains("expired on 2026-12-01", after.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_without_snooze_or_warn_always_skips()
    {
        var list = Denylist.Parse("- pattern: cl.basic\n", "d.yaml");

        Assert.Equal("denylisted by 'cl.basic'", list.Decide("cl.basic", "qemu", "amd64", "stable", Today).SkipReason);
    }

    [Fact]
    public void An_empty_file_is_an_empty_list() => Assert.Empty(Denylist.Parse("# nothing denied\n", "d.yaml").Entries);

    [Theory]
    [InlineData("- pattern: cl.basic\n  snooze: next week\n", "denylist d.yaml:2: snooze 'next week' is not a date: expected YYYY-MM-DD")]
    [InlineData("- pattern: cl.basic\n- tracker: x\n", "denylist d.yaml:2: entry has no 'pattern:' (a kola glob such as cl.ignition.*)")]
    [InlineData("- pattern: cl.basic\n  stream: stable\n", "denylist d.yaml:2: unknown key 'stream' (expected one of pattern, tracker, platforms, arches, channels, snooze, warn)")]
    [InlineData("- pattern: cl.basic\n  warn: maybe\n", "denylist d.yaml:2: warn 'maybe': expected true or false")]
    [InlineData("pattern: cl.basic\n", "denylist d.yaml:1: expected a list of entries ('- pattern: cl.foo.*')")]
    [InlineData("- pattern: cl.[basic\n", "denylist d.yaml:1: pattern 'cl.[basic': ")]
    [InlineData("- pattern: cl.basic\n  platforms: {qemu: 1}\n", "denylist d.yaml:2: 'platforms' needs a name or a list of names")]
    [InlineData("- pattern: cl.basic\n    warn: true\n  - x\n", "denylist d.yaml:2: not valid YAML: ")]
    public void Malformed_files_are_refused_naming_the_line(string yaml, string expected)
    {
        var e = Assert.Throws<DenylistException>(() => Denylist.Parse(yaml, "d.yaml"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        var e = Assert.Throws<DenylistException>(() => Denylist.Load("/nonexistent/denylist.yaml"));
        Assert.StartsWith("denylist /nonexistent/denylist.yaml: cannot read it", e.Message, StringComparison.Ordinal);
    }
}
