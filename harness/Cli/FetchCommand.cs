using System.CommandLine;
using Harness.Releases;

namespace Harness.Cli;

/// <summary>
/// <c>harness fetch</c>: download a Flatcar release's image and firmware, verify each file's signature against the
/// pinned key and its DIGESTS, cache it, and print the settings that run the catalog on it (docs/releases.md).
/// </summary>
internal static class FetchCommand
{
    public static Command Create()
    {
        var channel = new Option<string>("--channel") { Description = "alpha, beta, stable or lts", Required = true };
        var arch = new Option<string>("--arch") { Description = "amd64 or arm64", DefaultValueFactory = _ => "amd64" };
        var version = new Option<string>("--version") { Description = "current or X.Y.Z", DefaultValueFactory = _ => "current" };
        var platform = new Option<string>("--platform") { Description = "the image's platform", DefaultValueFactory = _ => "qemu_uefi" };
        var baseUrl = new Option<string?>("--base-url") { Description = "release server or mirror (default https://<channel>.release.flatcar-linux.net)" };
        var cache = new Option<string>("--cache") { Description = "cache folder", DefaultValueFactory = _ => "artifacts/releases" };
        var key = new Option<string?>("--key") { Description = $"key file (default: downloaded from {FlatcarReleases.SigningKeyUrl})" };
        var fingerprint = new Option<string>("--trust-fingerprint") { Description = "primary key fingerprint that decides trust (default Flatcar's image signing key)", DefaultValueFactory = _ => FlatcarReleases.SigningKeyFingerprint };
        var command = new Command("fetch", "Fetch and verify a Flatcar release; print the settings to test it") { channel, arch, version, platform, baseUrl, cache, key, fingerprint };
        command.SetAction(async (parse, ct) =>
        {
            Uri? server = null;
            if (parse.GetValue(baseUrl) is { Length: > 0 } given && !Uri.TryCreate(given, UriKind.Absolute, out server))
            {
                await Console.Error.WriteLineAsync($"harness: --base-url '{given}': not an absolute URL");
                return 2;
            }

            return await FetchRunner.RunAsync(
                new ReleaseRequest
                {
                    Channel = parse.GetValue(channel)!,
                    Arch = parse.GetValue(arch)!,
                    Version = parse.GetValue(version)!,
                    Platform = parse.GetValue(platform)!,
                    BaseUrl = server,
                    CacheRoot = parse.GetValue(cache)!,
                    KeyFile = parse.GetValue(key),
                    TrustFingerprint = parse.GetValue(fingerprint)!,
                },
                Console.Out,
                Console.Error,
                cancellationToken: ct);
        });
        return command;
    }
}
