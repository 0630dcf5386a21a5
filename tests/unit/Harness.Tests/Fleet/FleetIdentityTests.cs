using Harness.Fleet;

namespace Harness.Tests.Fleet;

public sealed class FleetIdentityTests
{
    private const string Root = "4f1c0b6e2d7a9e3b5c8f0a1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f";
    private const string Table = "0 288872 verity 1 /dev/vda3 /dev/vda3 4096 4096 36109 36110 sha256 " + Root + " 6e1c4f2a salt extra 1 panic_on_corruption";

    private static string Output(string table = Table, string cmdline = "root=LABEL=ROOT", params string[] sysexts) =>
        $"version_id=1.0.0\nverity_table={table}\ncmdline={cmdline}\n" + string.Concat(sysexts.Select(s => "sysext=" + s + "\n"));

    [Fact]
    public void The_root_hash_comes_from_the_verity_table_of_usr()
    {
        var node = FleetIdentity.Parse("m1", Output());

        Assert.Equal(new NodeIdentity("m1", "1.0.0", Root, []) { }.Key, node.Key);
        Assert.Equal($"m1 version=1.0.0 usr={Root} sysexts=none", node.Fingerprint);
    }

    [Fact]
    public void Without_a_table_the_kernel_command_line_gives_the_root_hash()
    {
        var node = FleetIdentity.Parse("m1", Output(table: "", cmdline: $"mount.usr=/dev/mapper/usr verity.usrhash={Root.ToUpperInvariant()} rootflags=rw"));

        Assert.Equal(Root, node.UsrRootHash);
    }

    [Fact]
    public void Without_either_the_root_hash_is_unknown_rather_than_guessed()
    {
        Assert.Equal("unknown", FleetIdentity.Parse("m1", Output(table: "0 10 linear /dev/vda3 0", cmdline: "quiet")).UsrRootHash);
    }

    [Fact]
    public void Sysexts_are_sorted_by_name_and_shortened_in_the_fingerprint()
    {
        var node = FleetIdentity.Parse("m2", Output(sysexts: ["zeta dir " + new string('b', 64), "kubernetes raw " + new string('a', 64)]));

        Assert.Equal(["kubernetes", "zeta"], node.Sysexts.Select(s => s.Name));
        Assert.EndsWith("sysexts=kubernetes@raw:aaaaaaaaaaaa,zeta@dir:bbbbbbbbbbbb", node.Fingerprint, StringComparison.Ordinal);
        Assert.Contains("kubernetes@raw:" + new string('a', 64), node.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_without_a_version_is_refused_with_the_output_quoted()
    {
        var e = Assert.Throws<FormatException>(() => FleetIdentity.Parse("m3", "verity_table=\ncmdline=quiet rootflags=rw\n"));

        Assert.Contains("m3: the identity script printed no version_id", e.Message, StringComparison.Ordinal);
        Assert.Contains("cmdline=quiet rootflags=rw", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_that_is_not_key_value_lines_is_refused_naming_the_line()
    {
        var e = Assert.Throws<FormatException>(() => FleetIdentity.Parse("m3", "version_id=1.0.0\nsudo: a password is required\n"));

        Assert.Equal("the identity script's output on m3, line 2: expected KEY=value, found 'sudo: a password is required'", e.Message);
    }

    [Fact]
    public void A_malformed_sysext_line_is_refused()
    {
        Assert.Throws<FormatException>(() => FleetIdentity.Parse("m1", Output(sysexts: ["only-a-name"])));
    }

    [Fact]
    public void The_guest_script_ships_inside_the_harness()
    {
        // CollectAsync sends it; a missing resource would only show on a VM.
        using var stream = typeof(FleetIdentity).Assembly.GetManifestResourceStream("Harness.Fleet.collect-identity.sh");
        Assert.NotNull(stream);
        var text = new StreamReader(stream).ReadToEnd();
        Assert.Contains("dmsetup table usr", text, StringComparison.Ordinal);
        Assert.Contains("extension-release.d", text, StringComparison.Ordinal);
    }
}
