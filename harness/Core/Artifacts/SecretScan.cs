using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Artifacts;

/// <summary>
/// Finds secrets in what a run writes, and removes them: private keys (PEM and OpenSSH blocks), GitHub tokens, Azure
/// storage keys and SAS signatures, crypt(3) password hashes, and the values of the secret environment variables
/// (<see cref="SecretVariables"/>) — also inside Ignition <c>data:</c> URLs (percent-escaped, base64 or gzip). The
/// same patterns serve the writers (<see cref="Redact"/>) and the check over a run folder (<see cref="ScanFolder"/>),
/// so what one removes is what the other looks for. Findings name the file, line and kind, never the secret.
/// </summary>
public sealed partial class SecretScan
{
    /// <summary>What replaces a secret in free text (results, logs, journals, reports): safe in JSON, XML, HTML and markdown.</summary>
    public const string RedactedText = "[redacted]";

    /// <summary>Environment variables whose values are secrets wherever they appear (GitHub Actions, Azure service principals).</summary>
    public static readonly IReadOnlyList<string> SecretVariables =
    [
        "GITHUB_TOKEN", "GH_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD", "AZURE_FEDERATED_TOKEN",
    ];

    /// <summary>Files larger than this are scanned in their first part only (consoles of long runs stay well below).</summary>
    public const int MaxScannedBytes = 64 * 1024 * 1024;

    // Shorter values are too likely to occur by chance (and no real token is that short).
    private const int MinKnownSecretLength = 8;

    private static readonly (string Kind, Regex Pattern)[] Patterns =
    [
        ("private key", PrivateKeyBlock()),
        ("private key", PrivateKeyHeader()),
        ("GitHub token", GitHubToken()),
        ("Azure storage key", AzureAccountKey()),
        ("Azure SAS signature", AzureSasSignature()),
        ("password hash", PasswordHash()),
    ];

    private readonly IReadOnlyList<(string Name, string Value)> _known;

    /// <summary>Creates a scan that also looks for the given secret values (name → value), e.g. a token from the environment.</summary>
    public SecretScan(IEnumerable<KeyValuePair<string, string>> knownSecrets)
    {
        ArgumentNullException.ThrowIfNull(knownSecrets);
        _known = [.. knownSecrets.Where(k => k.Value.Length >= MinKnownSecretLength).Select(k => (k.Key, k.Value))];
    }

    /// <summary>A scan for the patterns and the values of this process's <see cref="SecretVariables"/>.</summary>
    public static SecretScan FromEnvironment() => new(
        SecretVariables
            .Select(name => (name, value: Environment.GetEnvironmentVariable(name)))
            .Where(v => !string.IsNullOrWhiteSpace(v.value))
            .Select(v => KeyValuePair.Create(v.name, v.value!.Trim())));

    /// <summary>The secrets in <paramref name="text"/> (and in the <c>data:</c> URLs it holds); <paramref name="source"/> names it.</summary>
    public IReadOnlyList<SecretFinding> ScanText(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = new List<SecretFinding>();
        foreach (var (index, kind) in Find(text))
        {
            findings.Add(new SecretFinding(source, LineOf(text, index), kind));
        }

        foreach (Match url in DataUrl().Matches(text))
        {
            if (Decode(url) is { } decoded)
            {
                findings.AddRange(Find(decoded).Select(f => new SecretFinding(source, LineOf(text, url.Index), f.Kind + " (in a data: URL)")));
            }
        }

        return findings.DistinctBy(f => (f.Line, f.Kind)).ToList();
    }

    /// <summary>The secrets in every file under <paramref name="folder"/>, in path order.</summary>
    public IReadOnlyList<SecretFinding> ScanFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var findings = new List<SecretFinding>();
        if (!Directory.Exists(folder))
        {
            return findings;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Order(StringComparer.Ordinal))
        {
            string text;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var bytes = new byte[Math.Min(stream.Length, MaxScannedBytes)];
                text = Encoding.UTF8.GetString(bytes, 0, stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // a file that vanished or cannot be read holds nothing we wrote
            }

            findings.AddRange(ScanText(text, Path.GetRelativePath(folder, file)));
        }

        return findings;
    }

    /// <summary>
    /// <paramref name="text"/> with every secret replaced by <see cref="RedactedText"/> (a private key block as a whole).
    /// <c>data:</c> URLs are not rewritten here: <see cref="IgnitionRedaction"/> replaces those that hold a secret.
    /// </summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (_, pattern) in Patterns)
        {
            text = pattern.Replace(text, RedactedText);
        }

        foreach (var (_, value) in _known)
        {
            text = text.Replace(value, RedactedText, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Whether <paramref name="text"/>, or the <c>data:</c> URL it is, holds a secret.</summary>
    public bool HasSecret(string text) =>
        Find(text).Any() || (DataUrl().Match(text) is { Success: true, Index: 0 } url && Decode(url) is { } decoded && Find(decoded).Any());

    private IEnumerable<(int Index, string Kind)> Find(string text)
    {
        foreach (var (kind, pattern) in Patterns)
        {
            foreach (Match match in pattern.Matches(text))
            {
                yield return (match.Index, kind);
            }
        }

        foreach (var (name, value) in _known)
        {
            for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            {
                yield return (at, "the value of " + name);
            }
        }
    }

    private static string? Decode(Match url)
    {
        try
        {
            if (!url.Groups["base64"].Success)
            {
                return Uri.UnescapeDataString(url.Groups["data"].Value);
            }

            var bytes = Convert.FromBase64String(url.Groups["data"].Value);
            if (bytes is [0x1F, 0x8B, ..])
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                bytes = plain.ToArray();
            }

            return Encoding.UTF8.GetString(bytes);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            return null;
        }
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    // A whole block, so that redaction removes the key body too. The body is limited to what a key body holds (base64,
    // white space, JSON's \n escapes, PEM header fields), so a block cut off by an output tail ends at the first other
    // character (a quote in JSON, '<' in XML) and never takes the rest of the document with it.
    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[A-Za-z0-9+/=\s\\:,.-]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[A-Za-z0-9+/=\s\\:,.]*)", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyHeader();

    // GitHub's token formats: ghp_/gho_/ghu_/ghs_/ghr_ + 36 or more, and fine-grained github_pat_.
    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"AccountKey=[A-Za-z0-9+/]{40,}={0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex AzureAccountKey();

    [GeneratedRegex(@"(?<=[?&]sig=)[A-Za-z0-9%+/=]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex AzureSasSignature();

    // crypt(3) hashes as Ignition's passwordHash and /etc/shadow hold them: MD5 $1$, SHA-256 $5$, SHA-512 $6$ (with
    // optional rounds=), bcrypt $2a/b/y$, yescrypt $y$ and gost-yescrypt $gy$.
    [GeneratedRegex(@"\$(?:1|5|6)\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,}|\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}|\$g?y\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{1,86}\$[./A-Za-z0-9]{43}", RegexOptions.CultureInvariant)]
    private static partial Regex PasswordHash();

    [GeneratedRegex(@"data:[^,\s""']*?(?<base64>;base64)?,(?<data>[^\s""']*)", RegexOptions.CultureInvariant)]
    private static partial Regex DataUrl();
}
