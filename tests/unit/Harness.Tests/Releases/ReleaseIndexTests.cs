using Harness.Releases;

namespace Harness.Tests.Releases;

/// <summary>The release server's small text files, in the shapes Flatcar's scripts read them.</summary>
public sealed class ReleaseIndexTests
{
    [Fact]
    public void Version_txt_gives_FLATCAR_VERSION()
    {
        // the shape of sdk_container/.repo/manifests/version.txt, which ci-automation publishes beside the images
        const string versionTxt = "FLATCAR_BUILD=4459\nFLATCAR_BRANCH=2\nFLATCAR_PATCH=4\nFLATCAR_VERSION=4459.2.4\nFLATCAR_VERSION_ID=4459.2.4\nFLATCAR_BUILD_ID=\"\"\nFLATCAR_SDK_VERSION=4459.1.0\n";

        Assert.Equal("4459.2.4", ReleaseIndex.FlatcarVersion(versionTxt));
        Assert.Null(ReleaseIndex.FlatcarVersion("<html>not found</html>"));
    }

    [Fact]
    public void Lts_info_current_is_the_newest_supported_year()
    {
        // image_changes.sh reads lts-info as major:year:(supported|unsupported) lines
        Assert.Equal(2024, ReleaseIndex.CurrentLtsYear("2605:2021:unsupported\n3033:2022:unsupported\n3510:2023:supported\n4081:2024:supported\n"));
        Assert.Null(ReleaseIndex.CurrentLtsYear("2605:2021:unsupported\n"));
    }

    [Fact]
    public void Digests_give_the_sha512_line_of_the_named_file()
    {
        var sha512 = new string('a', 128);
        var digests = $"# MD5 HASH\n{new string('b', 32)}  f.img.bz2\n# SHA1 HASH\n{new string('c', 40)}  f.img.bz2\n# SHA512 HASH\n{sha512}  f.img.bz2\n";

        Assert.Equal(sha512, ReleaseIndex.Sha512For(digests, "f.img.bz2"));
        Assert.Null(ReleaseIndex.Sha512For(digests, "other.img"));
        Assert.Null(ReleaseIndex.Sha512For(digests.Replace("# SHA512 HASH", "# SHA256 HASH", StringComparison.Ordinal), "f.img.bz2"));
    }
}
