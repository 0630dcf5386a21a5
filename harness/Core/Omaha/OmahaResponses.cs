using System.Globalization;
using System.Xml.Linq;

namespace Harness.Omaha;

/// <summary>
/// The Omaha 3.0 responses update_engine understands (the shape Nebraska and <c>flatcar-update</c> send): an update
/// with codebase, manifest version, package name/size/hash and the postinstall action carrying the payload's SHA-256
/// in base64; <c>noupdate</c>; and the acknowledgement of an event-only request.
/// </summary>
public static class OmahaResponses
{
    /// <summary>An update offer for <paramref name="appId"/>: download <paramref name="codebase"/> + the package name.</summary>
    public static string Update(string appId, OmahaPackage package, Uri codebase, IReadOnlyList<OmahaEvent> events) =>
        Update(appId, package, [], codebase, events);

    /// <summary>
    /// An update offer for <paramref name="appId"/> that also lists <paramref name="extraPackages"/> (after the payload,
    /// each with name, size and <c>hash_sha256</c>, as flatcar-postinst looks them up by name).
    /// </summary>
    public static string Update(
        string appId, OmahaPackage package, IReadOnlyList<OmahaPackage> extraPackages, Uri codebase, IReadOnlyList<OmahaEvent> events)
    {
        ArgumentNullException.ThrowIfNull(extraPackages);
        var packages = new XElement("packages", PackageElement(package, required: true));
        foreach (var extra in extraPackages)
        {
            packages.Add(PackageElement(extra, required: false));
        }

        var updateCheck = new XElement("updatecheck", new XAttribute("status", "ok"),
            new XElement("urls", new XElement("url", new XAttribute("codebase", codebase.ToString()))),
            new XElement("manifest", new XAttribute("version", package.Version),
                packages,
                new XElement("actions", new XElement("action",
                    new XAttribute("event", "postinstall"),
                    new XAttribute("sha256", package.Sha256Base64),
                    new XAttribute("DisablePayloadBackoff", "true")))));
        return Document(appId, updateCheck, events);
    }

    /// <summary>No update for <paramref name="appId"/>.</summary>
    public static string NoUpdate(string appId, IReadOnlyList<OmahaEvent> events) =>
        Document(appId, new XElement("updatecheck", new XAttribute("status", "noupdate")), events);

    /// <summary>The answer to a request that only reports events.</summary>
    public static string EventsOnly(string appId, IReadOnlyList<OmahaEvent> events) => Document(appId, null, events);

    private static XElement PackageElement(OmahaPackage package, bool required)
    {
        var element = new XElement("package",
            new XAttribute("name", package.Name),
            new XAttribute("size", package.Size.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("required", required ? "true" : "false"));
        if (package.Sha1Base64 is { } sha1)
        {
            element.Add(new XAttribute("hash", sha1));
        }

        element.Add(new XAttribute("hash_sha256", package.Sha256Hex));
        return element;
    }

    private static string Document(string appId, XElement? updateCheck, IReadOnlyList<OmahaEvent> events)
    {
        var app = new XElement("app", new XAttribute("appid", appId), new XAttribute("status", "ok"),
            new XElement("ping", new XAttribute("status", "ok")));
        if (updateCheck is not null)
        {
            app.Add(updateCheck);
        }

        foreach (var _ in events)
        {
            app.Add(new XElement("event", new XAttribute("status", "ok")));
        }

        var response = new XElement("response", new XAttribute("protocol", "3.0"), new XAttribute("server", "harness"),
            new XElement("daystart", new XAttribute("elapsed_seconds", "0")), app);
        return new XDeclaration("1.0", "UTF-8", null) + "\n" + response.ToString(SaveOptions.DisableFormatting);
    }
}
