using System.IO.Compression;
using System.Text;

namespace Harness.Tests.Artifacts;

/// <summary>Made-up secrets in the shapes real ones have (none is a real key, token or hash of a real password).</summary>
internal static class SecretSamples
{
    public const string OpenSshPrivateKey =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBmYWtlZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZQAAAJg=\n-----END OPENSSH PRIVATE KEY-----\n";

    public const string RsaPrivateKey = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAfakefakefakefake\n-----END RSA PRIVATE KEY-----\n";

    public const string EcPrivateKey = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIFakeFakeFake\n-----END EC PRIVATE KEY-----\n";

    public const string GitHubToken = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

    public const string GitHubFineGrainedToken = "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS";

    public const string AzureStorageKey = "AccountKey=Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFy==";

    public const string AzureSasUrl = "https://bootdiag.blob.core.windows.net/c/serial.log?sv=2021-08-06&se=2026-12-08&sr=b&sp=r&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2B%3D";

    public const string Sha512Hash = "$6$rounds=4096$saltsaltsalt$Fq3bS0nX1lY9cW8uJp2dT6kR5eH7gA4mZ0vQ1iN3oL8yB2xC9wE6rU5tS4aD7fG0hJ1kL2mN3oP4qR5sT6uV7w";

    public const string YescryptHash = "$y$j9T$abcdefghijklmnopqrstuv$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq";

    public const string BcryptHash = "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234";

    /// <summary>The value given to GITHUB_TOKEN in tests: not of GitHub's shape, so only the known-value check finds it.</summary>
    public const string EnvironmentToken = "s3cr3t-value-from-the-environment";

    /// <summary><paramref name="text"/> as Ignition's three data URL forms: percent-escaped, base64, gzip + base64.</summary>
    public static IEnumerable<string> DataUrls(string text)
    {
        yield return "data:," + Uri.EscapeDataString(text);
        yield return "data:;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        yield return "data:;base64," + Convert.ToBase64String(compressed.ToArray());
    }
}
