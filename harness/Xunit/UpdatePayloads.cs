using Harness.Omaha;
using Xunit;

namespace Harness.Xunit;

/// <summary>The run's update payload (<c>HARNESS_UPDATE_PAYLOAD</c>, by default the contract image's next version).</summary>
public static class UpdatePayloads
{
    /// <summary>What a test reports when the run has no payload.</summary>
    public const string MissingReason =
        "no update payload: build the contract image's next version (images/contract/build --version 1.0.1 --link next) " +
        "or, for a Flatcar image, set HARNESS_UPDATE_PAYLOAD=flatcar_test_update.gz and HARNESS_UPDATE_VERSION";

    /// <summary>
    /// The payload as an Omaha package (size and hashes read from the file); skips the test, with
    /// <see cref="MissingReason"/>, when the run has none.
    /// </summary>
    public static async Task<OmahaPackage> RequireAsync(CancellationToken cancellationToken = default)
    {
        var settings = Session.Settings;
        Skip.If(settings.UpdatePayload is null || settings.UpdateVersion is null, MissingReason);
        return await OmahaPackage.FromFileAsync(settings.UpdatePayload!, settings.UpdateVersion!, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The extension packages beside the run's payload that flatcar-postinst downloads after an install, named as
    /// Flatcar publishes them next to its update payload: the OEM extension <c>oem-&lt;ID&gt;.gz</c> and the optional
    /// Flatcar extensions <c>flatcar-&lt;NAME&gt;.gz</c> (update_engine <c>flatcar-postinst</c>). Empty when there are
    /// none (the contract image's payload needs none) or when the run has no payload.
    /// </summary>
    public static async Task<IReadOnlyList<OmahaPackage>> ExtensionsAsync(CancellationToken cancellationToken = default)
    {
        var settings = Session.Settings;
        return settings.UpdatePayload is null || settings.UpdateVersion is null
            ? []
            : await ExtensionsBesideAsync(settings.UpdatePayload, settings.UpdateVersion, cancellationToken);
    }

    /// <summary>The <c>oem-*.gz</c> and <c>flatcar-*.gz</c> files in the folder of <paramref name="payloadPath"/>, as packages of <paramref name="version"/>, by name.</summary>
    public static async Task<IReadOnlyList<OmahaPackage>> ExtensionsBesideAsync(string payloadPath, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(payloadPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(payloadPath))!;
        var files = Directory.EnumerateFiles(folder, "oem-*.gz").Concat(Directory.EnumerateFiles(folder, "flatcar-*.gz"))
            .Where(f => !string.Equals(Path.GetFullPath(f), Path.GetFullPath(payloadPath), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var packages = new List<OmahaPackage>();
        foreach (var file in files)
        {
            packages.Add(await OmahaPackage.FromFileAsync(file, version, cancellationToken: cancellationToken));
        }

        return packages;
    }
}
