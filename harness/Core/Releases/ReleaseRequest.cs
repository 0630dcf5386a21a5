namespace Harness.Releases;

/// <summary>What <c>harness fetch</c> was asked for. <see cref="Validate"/> checks it before anything is downloaded.</summary>
public sealed record ReleaseRequest
{
    /// <summary>Release channel: alpha, beta, stable or lts.</summary>
    public required string Channel { get; init; }

    /// <summary>Architecture: amd64 or arm64.</summary>
    public required string Arch { get; init; }

    /// <summary><c>current</c> (resolved through the server's version.txt; for lts through lts-info) or <c>X.Y.Z</c>.</summary>
    public string Version { get; init; } = "current";

    /// <summary>The image's platform (only <c>qemu_uefi</c> so far).</summary>
    public string Platform { get; init; } = "qemu_uefi";

    /// <summary>The release server or a mirror laid out like it; null = <c>https://&lt;channel&gt;.release.flatcar-linux.net/</c>.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>The cache root; verified releases go to <c>&lt;root&gt;/&lt;channel&gt;/&lt;arch&gt;/&lt;version&gt;/</c>.</summary>
    public required string CacheRoot { get; init; }

    /// <summary>A key file to read instead of downloading <see cref="FlatcarReleases.SigningKeyUrl"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The primary fingerprint that decides trust. Default Flatcar's image signing key.</summary>
    public string TrustFingerprint { get; init; } = FlatcarReleases.SigningKeyFingerprint;

    /// <summary>How often a failed download is tried again (resuming where it stopped).</summary>
    public int Retries { get; init; } = 4;

    /// <summary>The first pause before a retry (doubling after each).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The server the request goes to.</summary>
    public Uri Server => BaseUrl is { } url
        ? (url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"))
        : FlatcarReleases.BaseUrl(Channel);

    /// <summary>True when trust is pinned to another key than Flatcar's (said in the log).</summary>
    public bool CustomTrust => SigningKey.NormalizeFingerprint(TrustFingerprint) != FlatcarReleases.SigningKeyFingerprint;

    /// <summary>Checks every option; throws on the first bad one.</summary>
    /// <exception cref="ReleaseException">An option is invalid (one line naming it).</exception>
    public void Validate()
    {
        Expect("--channel", Channel, FlatcarReleases.Channels);
        Expect("--arch", Arch, FlatcarReleases.Arches);
        Expect("--platform", Platform, FlatcarReleases.Platforms);
        if (Version != "current" && !ReleaseIndex.IsVersion(Version))
        {
            throw new ReleaseException($"--version '{Version}': expected 'current' or a release version such as 4459.2.4");
        }

        if (BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            throw new ReleaseException($"--base-url '{url}': expected an http(s) URL");
        }

        if (KeyFile is { } key && !File.Exists(key))
        {
            throw new ReleaseException($"--key {key}: no such file");
        }

        _ = SigningKey.NormalizeFingerprint(TrustFingerprint);
        if (Retries is < 0 or > 20)
        {
            throw new ReleaseException($"retries {Retries}: expected 0 to 20");
        }
    }

    private static void Expect(string option, string value, IReadOnlyList<string> allowed)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new ReleaseException($"{option} '{value}': unknown; expected {string.Join(", ", allowed)}");
        }
    }
}
