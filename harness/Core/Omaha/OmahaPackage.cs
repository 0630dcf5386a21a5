using System.Security.Cryptography;

namespace Harness.Omaha;

/// <summary>
/// An update payload as the Omaha server announces it: the file, the name the client downloads it by, the version it
/// installs, and the size and hashes the client verifies. Immutable. Build one from the file
/// (<see cref="FromFileAsync"/>) or declare the expected size and SHA-256 (<see cref="Declare"/>): the server checks
/// a declared package against its file before it starts and refuses to serve a payload that does not match.
/// </summary>
/// <param name="FilePath">The payload file on the host (served unchanged: a Flatcar <c>flatcar_test_update.gz</c> or a contract payload).</param>
/// <param name="Name">The package name in the response; the client downloads <c>codebase + Name</c>.</param>
/// <param name="Version">The version the payload installs (the manifest version).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256Hex">SHA-256 of the whole payload, lower-case hex.</param>
public sealed record OmahaPackage(string FilePath, string Name, string Version, long Size, string Sha256Hex)
{
    /// <summary>SHA-1 of the payload, base64, when it was computed from the file (the package's <c>hash</c> attribute).</summary>
    public string? Sha1Base64 { get; init; }

    /// <summary>The SHA-256 in the form update_engine compares: base64 of the digest (the postinstall action's <c>sha256</c>).</summary>
    public string Sha256Base64 => Convert.ToBase64String(Convert.FromHexString(Sha256Hex));

    /// <summary>Reads <paramref name="filePath"/> and describes it as a package.</summary>
    /// <exception cref="OmahaConfigurationException">The file does not exist or is empty.</exception>
    public static async Task<OmahaPackage> FromFileAsync(
        string filePath, string version, string? name = null, CancellationToken cancellationToken = default)
    {
        var info = RequireFile(filePath);
        var (sha256, sha1) = await HashAsync(info.FullName, cancellationToken);
        return new OmahaPackage(info.FullName, name ?? info.Name, version, info.Length, sha256) { Sha1Base64 = sha1 };
    }

    /// <summary>A package whose size and SHA-256 are known in advance (e.g. from a release's <c>.sha256</c> file).</summary>
    public static OmahaPackage Declare(string filePath, string version, long size, string sha256Hex, string? name = null) =>
        new(Path.GetFullPath(filePath), name ?? Path.GetFileName(filePath), version, size, sha256Hex.Trim().ToLowerInvariant());

    /// <summary>
    /// Checks that the file exists and has the declared size and SHA-256; returns the package with its SHA-1 filled in.
    /// </summary>
    /// <exception cref="OmahaConfigurationException">One line saying what does not match and how to fix it.</exception>
    public async Task<OmahaPackage> VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Contains('/', StringComparison.Ordinal) || Name.Contains('\\', StringComparison.Ordinal))
        {
            throw new OmahaConfigurationException($"update payload name '{Name}' must be a plain file name (no slashes)");
        }

        if (Sha256Hex.Length != 64 || !Sha256Hex.All(Uri.IsHexDigit))
        {
            throw new OmahaConfigurationException(
                $"update payload {FilePath}: declared SHA-256 '{Sha256Hex}' is not 64 hex characters; give the hex digest of the whole file");
        }

        var info = RequireFile(FilePath);
        if (info.Length != Size)
        {
            throw new OmahaConfigurationException(
                $"update payload {FilePath}: size is {info.Length} bytes but the server was told {Size}; rebuild the payload or fix the declared size");
        }

        var (sha256, sha1) = await HashAsync(info.FullName, cancellationToken);
        if (!string.Equals(sha256, Sha256Hex, StringComparison.OrdinalIgnoreCase))
        {
            throw new OmahaConfigurationException(
                $"update payload {FilePath}: SHA-256 is {sha256} but the server was told {Sha256Hex}; the file is corrupt or the declared hash is stale");
        }

        return this with { Sha1Base64 = sha1 };
    }

    private static FileInfo RequireFile(string filePath)
    {
        var info = new FileInfo(filePath);
        if (!info.Exists)
        {
            throw new OmahaConfigurationException(
                $"update payload {info.FullName} does not exist; build it (images/contract/build --version N+1 --link next) or set HARNESS_UPDATE_PAYLOAD");
        }

        if (info.Length == 0)
        {
            throw new OmahaConfigurationException($"update payload {info.FullName} is empty; rebuild it");
        }

        return info;
    }

    private static async Task<(string Sha256Hex, string Sha1Base64)> HashAsync(string path, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha256.AppendData(buffer, 0, read);
            sha1.AppendData(buffer, 0, read);
        }

        return (Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToBase64String(sha1.GetHashAndReset()));
    }
}
