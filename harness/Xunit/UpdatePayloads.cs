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
}
