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
        var arch = CliOptions.Arch("--arch", "amd64 (default) or arm64");
        var version = new Option<string>("--version") { Description = "current or X.Y.Z", DefaultValueFactory = _ => "current" };
        var platform = new Option<string>("--platform") { Description = "the image's platform", DefaultValueFactory = _ => "qemu_uefi" };
        var baseUrl = CliOptions.HttpAddress("--base-url", "release server or mirror (default https://<channel>.release.flatcar-linux.net)", "HARNESS_RELEASE_BASE_URL");
        var cache = new Option<string>("--cache") { Description = "cache folder", DefaultValueFactory = _ => "artifacts/releases" };
        var key = CliOptions.File("--key", $"key file (default: downloaded from {FlatcarReleases.SigningKeyUrl})", "OpenPGP key file");
        var fingerprint = new Option<string>("--trust-fingerprint") { Description = "primary key fingerprint that decides trust (default Flatcar's image signing key)", DefaultValueFactory = _ => FlatcarReleases.SigningKeyFingerprint };
        var command = new Command("fetch", "Fetch and verify a Flatcar release; print the settings to test it") { channel, arch, version, platform, baseUrl, cache, key, fingerprint };
        command.SetAction(async (parse, ct) =>
        {
            return await FetchRunner.RunAsync(
                new ReleaseRequest
                {
                    Channel = parse.GetValue(channel)!,
                    Arch = parse.GetValue(arch) ?? "amd64",
                    Version = parse.GetValue(version)!,
                    Platform = parse.GetValue(platform)!,
                    BaseUrl = parse.GetValue(baseUrl),
                    CacheRoot = parse.GetValue(cache)!,
                    KeyFile = parse.GetValue(key)?.FullName,
                    TrustFingerprint = parse.GetValue(fingerprint)!,
                },
                Console.Out,
                Console.Error,
                cancellationToken: ct);
        });
        return command;
    }
}
