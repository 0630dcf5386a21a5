using Harness.Releases;

namespace Harness.Tests.Releases;

/// <summary>Flatcar's real image signing key (as flatcar-install embeds it) read through the fetcher's key parser.</summary>
public sealed class SigningKeyFixtureTests
{
    private static readonly string KeyFile = Path.Combine(AppContext.BaseDirectory, "Releases", "Fixtures", "flatcar-install-key.asc");

    [Fact]
    public void Finds_the_pinned_primary_its_revoked_2018_subkeys_and_the_expired_ones()
    {
        using var file = File.OpenRead(KeyFile);

        var key = SigningKey.Load(file, KeyFile, FlatcarReleases.SigningKeyFingerprint);

        Assert.Equal("F88CFEDEFF29A5B4D9523864E25D9AED0593B34A", key.Primary.Fingerprint);
        Assert.Equal("E25D9AED0593B34A", key.Primary.KeyId);
        Assert.Null(key.Primary.RevokedAt);
        Assert.Null(key.Primary.Expires);
        Assert.All(key.Subkeys, s => Assert.Null(s.Problem)); // each bound by the primary, signing, back-signed
        Assert.Equal(
        [
            ("B51DE377064D542D", "2018-03-14"),
            ("603443A1D0FC498C", "2018-09-26"),
        ], key.Subkeys.Where(s => s.RevokedAt is not null).Select(s => (s.KeyId, s.RevokedAt!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        var today = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
        [
            ("A8ABF005896E394F", "2019-09-26"),
            ("3BC20FF8AF9CF1AF", "2020-09-29"),
            ("5B2910CBFCBEAB91", "2021-08-28"),
            ("961DDDD5250D4A42", "2022-08-10"),
            ("EDBDF411267EC954", "2023-08-11"),
            ("85F7C8868837E271", "2025-03-06"),
        ], key.Subkeys.Where(s => s.RevokedAt is null && s.ExpiredAt(today)).Select(s => (s.KeyId, s.Expires!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.DoesNotContain(key.Subkeys, s => s.RevokedAt is null && !s.ExpiredAt(today)); // the current subkey is only in the published file
    }

    [Fact]
    public void Another_pinned_fingerprint_finds_no_key_and_says_which_the_file_holds()
    {
        using var file = File.OpenRead(KeyFile);

        var e = Assert.Throws<ReleaseException>(() => SigningKey.Load(file, "flatcar-install-key.asc", "0000 1111 2222 3333 4444  5555 6666 7777 8888 9999"));

        Assert.Equal("flatcar-install-key.asc: no key with the pinned fingerprint 0000111122223333444455556666777788889999 (the file holds F88CFEDEFF29A5B4D9523864E25D9AED0593B34A)", e.Message);
    }
}
