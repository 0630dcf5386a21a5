namespace Harness.Omaha;

/// <summary>What an <see cref="OmahaServer"/> answers. Immutable; use <c>with</c> and <see cref="OmahaServer.ReconfigureAsync"/> to change a running server.</summary>
public sealed record OmahaServerOptions
{
    /// <summary>Flatcar's app id, which update_engine sends unless <c>FLATCAR_RELEASE_APPID</c> says otherwise.</summary>
    public const string FlatcarAppId = "{e96281a6-d1af-4bde-9a0a-97b76e56dc57}";

    /// <summary>The payload to offer; null answers every check with <c>noupdate</c>.</summary>
    public OmahaPackage? Package { get; init; }

    /// <summary>The app id served; requests for other apps get <c>noupdate</c>. Default <see cref="FlatcarAppId"/> (compared case-insensitively).</summary>
    public string AppId { get; init; } = FlatcarAppId;

    /// <summary>The group (track) served; null serves every group.</summary>
    public string? Track { get; init; }

    /// <summary>When the package is offered. Default <see cref="OmahaOffer.WhenNewer"/>.</summary>
    public OmahaOffer Offer { get; init; } = OmahaOffer.WhenNewer;

    /// <summary>
    /// Further packages announced beside <see cref="Package"/> in an update offer and served by name, each with
    /// <c>size</c> and <c>hash_sha256</c>: what flatcar-postinst downloads after the install (<c>oem-&lt;ID&gt;.gz</c>,
    /// <c>flatcar-&lt;NAME&gt;.gz</c>, found in the response by name; update_engine <c>flatcar-postinst</c>).
    /// </summary>
    public IReadOnlyList<OmahaPackage> ExtraPackages { get; init; } = [];

    /// <summary>
    /// Fault injection: serve the payload with one byte flipped while announcing the true size and hash (a download
    /// corrupted in transit). The client must refuse it.
    /// </summary>
    public bool CorruptPayloadInTransit { get; init; }
}
