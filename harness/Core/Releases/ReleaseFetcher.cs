using System.Security.Cryptography;
using ICSharpCode.SharpZipLib.BZip2;

namespace Harness.Releases;

/// <summary>
/// <c>harness fetch</c>: resolves a channel's version, downloads a platform's files with their detached signatures and
/// DIGESTS, verifies each against the pinned key (<see cref="SigningKey"/>) and its SHA-512, and caches the verified
/// release under <c>&lt;cache&gt;/&lt;channel&gt;/&lt;arch&gt;/&lt;version&gt;/</c>. Downloads land in a staging folder
/// (<c>.&lt;version&gt;.partial</c>) that is renamed to the version only after every file verified and the manifest was
/// written, so a failed or interrupted fetch leaves nothing that looks verified (only resumable <c>.part</c> files).
/// Unverified bytes never reach the bzip2 decoder: a compressed image is decompressed after its signature checked out.
/// </summary>
public sealed class ReleaseFetcher
{
    private const string PartSuffix = ".part";

    private readonly HttpClient _http;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;

    /// <summary>Creates a fetcher that downloads with <paramref name="http"/> and reports progress lines to <paramref name="log"/>.</summary>
    public ReleaseFetcher(HttpClient http, TextWriter log, TimeProvider? timeProvider = null)
    {
        _http = http;
        _log = log;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Fetches and verifies the release, or reuses the cached one whose manifest verifies.</summary>
    /// <exception cref="ReleaseException">Bad input or a release that does not verify (one line naming what and where).</exception>
    public async Task<FetchedRelease> FetchAsync(ReleaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var fingerprint = SigningKey.NormalizeFingerprint(request.TrustFingerprint);
        if (request.CustomTrust)
        {
            _log.WriteLine($"trusting the key with primary fingerprint {fingerprint} (--trust-fingerprint), not Flatcar's image signing key {FlatcarReleases.SigningKeyFingerprint}");
        }

        var downloader = new ReleaseDownloader(_http, request.Retries, request.RetryDelay, _log);
        var board = FlatcarReleases.Board(request.Arch);
        var version = request.Version == "current" ? await ResolveCurrentAsync(request, downloader, board, cancellationToken) : request.Version;
        var releaseUrl = new Uri(request.Server, $"{board}/{version}/");
        var target = Path.GetFullPath(Path.Combine(request.CacheRoot, request.Channel, request.Arch, version));
        var (cached, why) = await ReleaseManifest.VerifyAsync(target, request.Channel, request.Arch, version, fingerprint, cancellationToken);
        if (cached is not null)
        {
            _log.WriteLine($"{request.Channel} {version} ({request.Arch}) is cached and its manifest verifies: {target}");
            return new FetchedRelease(target, cached, Reused: true);
        }

        if (Directory.Exists(target))
        {
            _log.WriteLine($"discarding {target}: {why}");
            Directory.Delete(target, recursive: true);
        }

        var key = await LoadKeyAsync(request, downloader, fingerprint, cancellationToken);
        _log.WriteLine($"fetching {request.Channel} {version} ({request.Arch}, {request.Platform}) from {releaseUrl}");
        var staging = Path.Combine(Path.GetDirectoryName(target)!, $".{version}.partial");
        Directory.CreateDirectory(staging);
        try
        {
            var files = new List<ReleaseManifestFile>();
            foreach (var file in FlatcarReleases.FilesFor(request.Platform))
            {
                if (await FetchFileAsync(file, releaseUrl, staging, key, downloader, cancellationToken) is { } verified)
                {
                    files.Add(verified);
                }
            }

            var manifest = new ReleaseManifest
            {
                Channel = request.Channel,
                Arch = request.Arch,
                Version = version,
                Platform = request.Platform,
                Source = releaseUrl,
                Fingerprint = fingerprint,
                Verified = _time.GetUtcNow(),
                Files = files,
            };
            await manifest.WriteAsync(staging, cancellationToken);
            Directory.Move(staging, target);
            _log.WriteLine($"verified {files.Count} files against {fingerprint}: {target}");
            return new FetchedRelease(target, manifest, Reused: false);
        }
        finally
        {
            CleanStaging(staging);
        }
    }

    private async Task<string> ResolveCurrentAsync(ReleaseRequest request, ReleaseDownloader downloader, string board, CancellationToken ct)
    {
        var stream = "current";
        if (request.Channel == "lts")
        {
            var infoUrl = new Uri(request.Server, "lts-info");
            var info = await downloader.GetAsync(infoUrl, ct) ?? throw new ReleaseException($"{infoUrl}: not found (HTTP 404); cannot tell the current LTS stream");
            var year = ReleaseIndex.CurrentLtsYear(System.Text.Encoding.UTF8.GetString(info))
                ?? throw new ReleaseException($"{infoUrl}: no 'major:year:supported' line; cannot tell the current LTS stream");
            stream = $"current-{year}";
        }

        var url = new Uri(request.Server, $"{board}/{stream}/version.txt");
        var text = await downloader.GetAsync(url, ct) ?? throw new ReleaseException($"{url}: not found (HTTP 404); is '{request.Channel}' published for {request.Arch} there?");
        var version = ReleaseIndex.FlatcarVersion(System.Text.Encoding.UTF8.GetString(text))
            ?? throw new ReleaseException($"{url}: no FLATCAR_VERSION=X.Y.Z line");
        _log.WriteLine($"{request.Channel} {stream} is {version} ({url})");
        return version;
    }

    private static async Task<SigningKey> LoadKeyAsync(ReleaseRequest request, ReleaseDownloader downloader, string fingerprint, CancellationToken ct)
    {
        if (request.KeyFile is { } path)
        {
            await using var file = File.OpenRead(path);
            return SigningKey.Load(file, path, fingerprint);
        }

        var url = FlatcarReleases.SigningKeyUrl;
        var bytes = await downloader.GetAsync(url, ct) ?? throw new ReleaseException($"{url}: not found (HTTP 404); give the key file with --key");
        return SigningKey.Load(new MemoryStream(bytes), url.AbsoluteUri, fingerprint);
    }

    private async Task<ReleaseManifestFile?> FetchFileAsync(ReleaseFile file, Uri releaseUrl, string staging, SigningKey key, ReleaseDownloader downloader, CancellationToken ct)
    {
        foreach (var name in file.Compressed is { } compressed ? [compressed, file.Name] : new[] { file.Name })
        {
            var url = new Uri(releaseUrl, name);
            if (!await downloader.ExistsAsync(url, ct))
            {
                continue;
            }

            var sigUrl = new Uri(releaseUrl, name + ".sig");
            var sig = await downloader.GetAsync(sigUrl, ct) ?? throw new ReleaseException($"{sigUrl}: missing signature (HTTP 404); refusing the unsigned {name}");
            var digestsUrl = new Uri(releaseUrl, name + ".DIGESTS");
            var digests = await downloader.GetAsync(digestsUrl, ct) ?? throw new ReleaseException($"{digestsUrl}: missing (HTTP 404); cannot check the SHA-512 of {name}");
            var expected = ReleaseIndex.Sha512For(System.Text.Encoding.UTF8.GetString(digests), name)
                ?? throw new ReleaseException($"{digestsUrl}: no SHA512 line for {name}");
            var check = key.Begin(sig, sigUrl.AbsoluteUri); // the signer is checked before the file is downloaded
            var part = Path.Combine(staging, name + PartSuffix);
            _log.WriteLine($"downloading {url}");
            if (!await downloader.DownloadAsync(url, part, ct))
            {
                throw new ReleaseException($"{url}: not found (HTTP 404) although the server listed it a moment ago");
            }

            var signedSha512 = await VerifyAsync(part, check, expected, url, digestsUrl, ct);
            var local = Path.Combine(staging, file.Name);
            if (name != file.Name)
            {
                await DecompressAsync(part, local, url, ct);
            }
            else
            {
                File.Move(part, local, overwrite: true);
            }

            var size = new FileInfo(local).Length;
            var sha512 = name == file.Name ? signedSha512 : await ReleaseManifest.Sha512Async(local, ct);
            _log.WriteLine($"verified {name} (signed {check.SignedAt:yyyy-MM-dd} by subkey {check.Signer.KeyId}; SHA-512 matches {digestsUrl.Segments[^1]})");
            return new ReleaseManifestFile(file.Name, file.Role, url, size, sha512, signedSha512, check.Signer.KeyId, check.SignedAt);
        }

        var tried = string.Join(" or ", (file.Compressed is { } c ? [c, file.Name] : new[] { file.Name }).Select(n => new Uri(releaseUrl, n).AbsoluteUri));
        if (file.Required)
        {
            throw new ReleaseException($"{tried}: not found (HTTP 404)");
        }

        _log.WriteLine($"not published, skipped: {tried}");
        return null;
    }

    /// <summary>One pass over the downloaded bytes: the signature and the SHA-512; a mismatch deletes them.</summary>
    private static async Task<string> VerifyAsync(string part, DetachedSignature check, string expected, Uri url, Uri digestsUrl, CancellationToken ct)
    {
        string actual;
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            await using (var stream = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await stream.ReadAsync(buffer, ct)) > 0)
                {
                    check.Update(buffer.AsSpan(0, read));
                    sha.AppendData(buffer, 0, read);
                }
            }

            check.Finish(url.AbsoluteUri);
            actual = Convert.ToHexStringLower(sha.GetHashAndReset());
        }
        catch (ReleaseException)
        {
            File.Delete(part);
            throw;
        }

        if (actual != expected)
        {
            File.Delete(part);
            throw new ReleaseException($"{url}: SHA-512 {actual[..16]}… does not match {digestsUrl} ({expected[..16]}…)");
        }

        return actual;
    }

    private static async Task DecompressAsync(string part, string local, Uri url, CancellationToken ct)
    {
        var temp = local + ".tmp";
        try
        {
            await using (var input = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            await using (var bzip = new BZip2InputStream(input))
            await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await bzip.CopyToAsync(output, 1 << 16, ct);
            }

            File.Move(temp, local, overwrite: true);
            File.Delete(part);
        }
        catch (Exception e) when (e is ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException)
        {
            File.Delete(part);
            throw new ReleaseException($"{url}: signed, but not a valid bzip2 stream ({e.Message})", e);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>After a fetch: only resumable <c>.part</c> downloads may stay; an empty staging folder goes.</summary>
    private static void CleanStaging(string staging)
    {
        if (!Directory.Exists(staging))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(staging).Where(f => !f.EndsWith(PartSuffix, StringComparison.Ordinal)))
        {
            File.Delete(file);
        }

        if (!Directory.EnumerateFileSystemEntries(staging).Any())
        {
            Directory.Delete(staging);
        }
    }
}
