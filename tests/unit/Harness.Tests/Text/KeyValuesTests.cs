using Harness.Text;

namespace Harness.Tests.Text;

public sealed class KeyValuesTests
{
    // Flatcar's /usr/lib/os-release as build_library/set_lsb_release writes it (flatcar/scripts stable-4459.2.4).
    private const string FlatcarOsRelease =
        "NAME=\"Flatcar Container Linux by Kinvolk\"\n" +
        "ID=flatcar\n" +
        "ID_LIKE=coreos\n" +
        "VERSION=4459.2.4\n" +
        "VERSION_ID=4459.2.4\n" +
        "BUILD_ID=2026-11-20-0815\n" +
        "SYSEXT_LEVEL=1.0\n" +
        "PRETTY_NAME=\"Flatcar Container Linux by Kinvolk 4459.2.4 (Oklo)\"\n" +
        "ANSI_COLOR=\"38;5;75\"\n" +
        "HOME_URL=\"https://flatcar.org/\"\n" +
        "BUG_REPORT_URL=\"https://issues.flatcar.org\"\n" +
        "FLATCAR_BOARD=\"amd64-usr\"\n" +
        "CPE_NAME=\"cpe:2.3:o:flatcar-linux:flatcar_linux:4459.2.4:*:*:*:*:*:*:*\"\n";

    [Fact]
    public void Flatcars_os_release_reads_with_quotes_removed()
    {
        var release = KeyValues.Parse(FlatcarOsRelease, "/etc/os-release");

        Assert.Equal("Flatcar Container Linux by Kinvolk", release["NAME"]);
        Assert.Equal("flatcar", release["ID"]);
        Assert.Equal("coreos", release["ID_LIKE"]);
        Assert.Equal("4459.2.4", release["VERSION_ID"]);
        Assert.Equal("1.0", release["SYSEXT_LEVEL"]);
        Assert.Equal("38;5;75", release["ANSI_COLOR"]);
        Assert.Equal("Flatcar Container Linux by Kinvolk 4459.2.4 (Oklo)", release["PRETTY_NAME"]);
        Assert.Equal(13, release.Keys.Count);
    }

    [Fact]
    public void Comments_and_blank_lines_are_ignored_and_CRLF_is_a_line_end()
    {
        var values = KeyValues.Parse("# a comment\r\n\r\n   \n; also a comment\nA=1\r\n  # indented comment\nB=2\n", "t");

        Assert.Equal(["A", "B"], values.Keys);
        Assert.Equal("1", values["A"]);
        Assert.Equal("2", values["B"]);
    }

    [Fact]
    public void An_equals_sign_in_a_value_belongs_to_the_value()
    {
        var values = KeyValues.Parse(
            "cmdline=BOOT_IMAGE=/flatcar/vmlinuz-a mount.usr=/dev/mapper/usr verity.usr=PARTUUID=7130c94a root=LABEL=ROOT\nEMPTY=\nQ=\"a=b\"\n",
            "t");

        Assert.Equal("BOOT_IMAGE=/flatcar/vmlinuz-a mount.usr=/dev/mapper/usr verity.usr=PARTUUID=7130c94a root=LABEL=ROOT", values["cmdline"]);
        Assert.Equal("", values["EMPTY"]);
        Assert.Equal("a=b", values["Q"]);
    }

    [Fact]
    public void Single_quotes_are_literal_and_double_quotes_take_shell_escapes()
    {
        var values = KeyValues.Parse(
            "S='a \\\"b\\\" $c'\n" +
            "D=\"say \\\"hi\\\" to \\$HOME, \\`x\\` and \\\\ \\n\"\n" +
            "TWO=\"first\"'second'\n",
            "t");

        Assert.Equal("a \\\"b\\\" $c", values["S"]);
        Assert.Equal("say \"hi\" to $HOME, `x` and \\ \\n", values["D"]);
        Assert.Equal("firstsecond", values["TWO"]);
    }

    [Fact]
    public void A_double_quoted_value_may_span_lines()
    {
        var values = KeyValues.Parse("A=\"one\ntwo\"\nB=3\n", "t");

        Assert.Equal("one\ntwo", values["A"]);
        Assert.Equal("3", values["B"]);
    }

    [Fact]
    public void Bare_values_lose_surrounding_white_space_and_keep_inner_quotes()
    {
        // what the catalog's guest scripts print: an error message with quotes inside a bare value
        var values = KeyValues.Parse(
            "touch_new=refused: touch: cannot touch '/usr/.probe': Read-only file system   \n  KEY  =   spaced value\t\nESC=a\\ b\n",
            "write-probe.sh");

        Assert.Equal("refused: touch: cannot touch '/usr/.probe': Read-only file system", values["touch_new"]);
        Assert.Equal("spaced value", values["KEY"]);
        Assert.Equal("a b", values["ESC"]);
    }

    [Fact]
    public void Repeated_keys_are_all_kept_and_the_last_one_wins_a_lookup()
    {
        var values = KeyValues.Parse("sysext=a raw 11\nversion_id=1\nsysext=b dir 22\n", "t");

        Assert.Equal(["a raw 11", "b dir 22"], values.All("sysext"));
        Assert.Equal("b dir 22", values["sysext"]);
        Assert.Empty(values.All("missing"));
        Assert.Null(values.Find("missing"));
        Assert.Equal(["sysext", "version_id"], values.Keys);
    }

    [Fact]
    public void Systemctl_show_output_reads_verbatim()
    {
        var values = KeyValues.Parse("LoadState=loaded\nActiveState=active\nSubState=running\nResult=success\nUnitFileState=enabled\n", "systemctl show");

        Assert.Equal("active", values["ActiveState"]);
        Assert.Equal("enabled", values["UnitFileState"]);
    }

    [Fact]
    public void A_missing_key_names_the_text_and_quotes_it()
    {
        var values = KeyValues.Parse("A=1\n", "basic/disk-facts.sh");

        var e = Assert.Throws<KeyNotFoundException>(() => values["part.9.start"]);

        Assert.Equal("basic/disk-facts.sh has no 'part.9.start=' line; it said:\n  A=1", e.Message);
    }

    [Fact]
    public void Numbers_are_read_and_a_non_number_is_named()
    {
        var values = KeyValues.Parse("disk.bytes=10737418240\nneg=-1\nbad=12a\n", "disk");

        Assert.Equal(10737418240L, values.Long("disk.bytes"));
        Assert.Throws<FormatException>(() => values.Long("neg"));
        var e = Assert.Throws<FormatException>(() => values.Long("bad"));
        Assert.StartsWith("disk: 'bad=12a' is not a whole number", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ID=x\nthis is not\n", "golden.release, line 2: expected KEY=value, found 'this is not'")]
    [InlineData("=value\n", "golden.release, line 1: expected KEY=value, found '=value'")]
    [InlineData("A B=1\n", "golden.release, line 1: expected KEY=value, found 'A B=1'")]
    [InlineData("A=\"one\ntwo\nB=x\n", "golden.release, line 1: a double quote is not closed")]
    [InlineData("X=1\nA='open\n", "golden.release, line 2: a single quote is not closed")]
    public void A_line_that_is_not_an_assignment_is_named_with_its_number(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => KeyValues.Parse(text, "golden.release"));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Line_numbers_count_the_lines_of_multi_line_values()
    {
        var e = Assert.Throws<FormatException>(() => KeyValues.Parse("A=\"x\ny\"\nB=1\nbroken\n", "t"));

        Assert.Equal("t, line 4: expected KEY=value, found 'broken'", e.Message);
    }

    [Theory]
    [InlineData("4459.2.4", "V=4459.2.4")]
    [InlineData("x86-64", "V=x86-64")]
    [InlineData("kubernetes v1.33", "V=\"kubernetes v1.33\"")]
    [InlineData("a \"quoted\" $value `cmd` \\", "V=\"a \\\"quoted\\\" \\$value \\`cmd\\` \\\\\"")]
    [InlineData("", "V=")]
    public void Line_writes_what_Parse_reads_back(string value, string line)
    {
        Assert.Equal(line, KeyValues.Line("V", value));
        Assert.Equal(value, KeyValues.Parse(line + "\n", "t")["V"]);
    }
}
