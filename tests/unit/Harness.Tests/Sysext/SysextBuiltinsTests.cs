using Harness.Sysext;

namespace Harness.Tests.Sysext;

/// <summary>
/// What the catalog reads on a Flatcar machine, which merges its own extensions at every boot: docker-flatcar and
/// containerd-flatcar (flatcar/scripts build_image --base_sysexts, sysext_prod_builder: /usr/share/flatcar/sysext/NAME.raw
/// linked from /etc/extensions/NAME.raw) and oem-qemu (vm_image_util.sh install_oem_sysext, linked by bootengine's
/// initrd-setup-root-after-ignition). Shapes from systemd's sysext.c (list: the columns name, type, path, time as JSON
/// keys; status: hierarchy, extensions, since) and build_sysext's release file.
/// </summary>
public class SysextBuiltinsTests
{
    private const string FlatcarList =
        """[{"name":"containerd-flatcar","type":"raw","path":"/etc/extensions/containerd-flatcar.raw","time":1733270400000000},"""
        + """{"name":"docker-flatcar","type":"raw","path":"/etc/extensions/docker-flatcar.raw","time":1733270400000000},"""
        + """{"name":"oem-qemu","type":"raw","path":"/etc/extensions/oem-qemu.raw","time":1733270412000000}]""";

    private const string FlatcarStatus =
        """[{"hierarchy":"/opt","extensions":"none","since":null},"""
        + """{"hierarchy":"/usr","extensions":["containerd-flatcar","docker-flatcar","oem-qemu"],"since":1795251461218587}]""";

    private static SysextSnapshot FlatcarBoot => new()
    {
        Merged = ["containerd-flatcar", "docker-flatcar", "oem-qemu"],
        Status = SysextStatus.Parse(FlatcarStatus),
        Listed = SysextList.Parse(FlatcarList),
        UsrMounts = SysextSnapshot.ParseUsrMounts("/dev/mapper/usr btrfs\noverlay overlay\n"),
    };

    [Fact]
    public void Flatcar_list_names_the_built_ins_by_their_etc_extensions_links()
    {
        var list = SysextList.Parse(FlatcarList);

        Assert.Equal(
            [
                new SysextListEntry("containerd-flatcar", "raw", "/etc/extensions/containerd-flatcar.raw"),
                new SysextListEntry("docker-flatcar", "raw", "/etc/extensions/docker-flatcar.raw"),
                new SysextListEntry("oem-qemu", "raw", "/etc/extensions/oem-qemu.raw"),
            ],
            list);
    }

    [Fact]
    public void Flatcar_status_has_the_built_ins_merged_into_usr()
    {
        var status = SysextStatus.Parse(FlatcarStatus);

        Assert.Equal(["containerd-flatcar", "docker-flatcar", "oem-qemu"], status.MergedInto("/usr"));
        Assert.Empty(status.MergedInto("/opt"));
    }

    [Fact]
    public void A_test_extension_merged_beside_the_built_ins_is_the_only_addition()
    {
        var after = FlatcarBoot with
        {
            Merged = ["containerd-flatcar", "docker-flatcar", "hello", "oem-qemu"],
            Listed = [.. SysextList.Parse(FlatcarList), .. SysextList.Parse("""[{"name":"hello","type":"raw","path":"/etc/extensions/hello.raw","time":1733270500000000}]""")],
        };

        Assert.Equal(["hello"], after.AddedSince(FlatcarBoot));
        Assert.Empty(after.RemovedSince(FlatcarBoot));
        Assert.Equal(new SysextListEntry("hello", "raw", "/etc/extensions/hello.raw"), after.Find("hello"));
    }

    [Fact]
    public void Unmerge_all_removes_the_built_ins_too_and_leaves_the_verity_usr_alone()
    {
        var plain = new SysextSnapshot
        {
            Status = SysextStatus.Parse("""[{"hierarchy":"/opt","extensions":"none","since":null},{"hierarchy":"/usr","extensions":"none","since":null}]"""),
            UsrMounts = SysextSnapshot.ParseUsrMounts("/dev/mapper/usr btrfs\n"),
        };

        Assert.Equal(["containerd-flatcar", "docker-flatcar", "oem-qemu"], plain.RemovedSince(FlatcarBoot));
        Assert.Equal([FlatcarBoot.BaseUsr!], plain.UsrMounts);
        Assert.Equal(new UsrMount("/dev/mapper/usr", "btrfs"), plain.BaseUsr);
    }

    [Fact]
    public void A_disabled_built_in_is_reported_as_removed()
    {
        var disabled = FlatcarBoot with { Merged = ["containerd-flatcar", "oem-qemu"] };

        Assert.Equal(["docker-flatcar"], disabled.RemovedSince(FlatcarBoot));
        Assert.Contains("removed [docker-flatcar]", disabled.Describe(FlatcarBoot), StringComparison.Ordinal);
    }

    [Fact]
    public void A_findmnt_line_without_a_type_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => SysextSnapshot.ParseUsrMounts("/dev/mapper/usr\n"));
    }

    [Theory]
    // build_sysext: ID=flatcar, VERSION_ID=<the OS version>, ARCHITECTURE=x86-64, no SYSEXT_LEVEL: tied to one version
    [InlineData("ID=flatcar\nVERSION_ID=4230.2.1\nARCHITECTURE=x86-64\n", true)]
    [InlineData("ID=flatcar\nVERSION_ID=4230.2.0\nARCHITECTURE=x86-64\n", false)]
    public void Flatcars_built_in_release_files_match_only_their_own_version(string release, bool accepted)
    {
        Assert.Equal(accepted, SysextMatcher.Match(ExtensionRelease.Parse(release), Hosts.Flatcar, "x86-64").Accepted);
    }

    [Theory]
    // the contract image's built-ins (images/contract/steps/35-sysext.sh): the same fields with the host's ID
    [InlineData("ID=contract\nVERSION_ID=1.0.0\nARCHITECTURE=x86-64\n", true)]
    [InlineData("ID=contract\nVERSION_ID=1.0.1\nARCHITECTURE=x86-64\n", false)]
    [InlineData("ID=flatcar\nVERSION_ID=1.0.0\nARCHITECTURE=x86-64\n", false)]
    public void The_contract_images_built_ins_match_the_same_way(string release, bool accepted)
    {
        Assert.Equal(accepted, SysextMatcher.Match(ExtensionRelease.Parse(release), Hosts.Contract, "x86-64").Accepted);
    }
}
