using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Harness.Omaha;

/// <summary>
/// An Omaha 3.0 request as update_engine sends it (<c>&lt;request protocol="3.0"&gt;&lt;os/&gt;&lt;app …&gt;</c> with
/// <c>&lt;ping&gt;</c>, <c>&lt;updatecheck&gt;</c> and <c>&lt;event&gt;</c> children). Only the first <c>&lt;app&gt;</c> is read.
/// </summary>
/// <param name="AppId">The app id (Flatcar: <c>{e96281a6-d1af-4bde-9a0a-97b76e56dc57}</c>).</param>
/// <param name="Version">The client's running version.</param>
/// <param name="Track">The group (<c>GROUP=</c> of update.conf: stable, beta, developer…).</param>
/// <param name="MachineId">The client's machine id.</param>
/// <param name="BootId">The client's boot id (update_engine wraps it in braces).</param>
/// <param name="UpdateCheck">The request asks for an update (has <c>&lt;updatecheck&gt;</c>).</param>
/// <param name="Events">The events it reports, in order.</param>
public sealed record OmahaRequest(
    string AppId, string Version, string Track, string MachineId, string BootId, bool UpdateCheck, IReadOnlyList<OmahaEvent> Events)
{
    /// <summary>Parses a request body.</summary>
    /// <exception cref="OmahaProtocolException">Not XML, not protocol 3.0, or no <c>&lt;app&gt;</c> with an appid.</exception>
    public static OmahaRequest Parse(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new OmahaProtocolException($"malformed XML at line {e.LineNumber}, position {e.LinePosition}: {e.Message}", e);
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != "request")
        {
            throw new OmahaProtocolException($"root element is <{root?.Name.LocalName}>, expected <request>");
        }

        var protocol = (string?)root.Attribute("protocol");
        if (protocol != "3.0")
        {
            throw new OmahaProtocolException($"protocol=\"{protocol}\" is not supported (expected 3.0)");
        }

        var app = root.Element("app") ?? throw new OmahaProtocolException("<request> has no <app>");
        var appId = (string?)app.Attribute("appid");
        if (string.IsNullOrWhiteSpace(appId))
        {
            throw new OmahaProtocolException("<app> has no appid");
        }

        var events = app.Elements("event").Select(ParseEvent).ToList();
        return new OmahaRequest(
            appId,
            (string?)app.Attribute("version") ?? "",
            (string?)app.Attribute("track") ?? "",
            (string?)app.Attribute("machineid") ?? "",
            ((string?)app.Attribute("bootid") ?? "").Trim('{', '}'),
            app.Element("updatecheck") is not null,
            events);
    }

    private static OmahaEvent ParseEvent(XElement element)
    {
        return new OmahaEvent(
            Int(element, "eventtype") ?? throw new OmahaProtocolException("<event> has no numeric eventtype"),
            Int(element, "eventresult") ?? throw new OmahaProtocolException("<event> has no numeric eventresult"),
            Int(element, "errorcode"),
            (string?)element.Attribute("previousversion"));
    }

    private static int? Int(XElement element, string name)
    {
        var text = (string?)element.Attribute(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new OmahaProtocolException($"<event {name}=\"{text}\"> is not a number");
    }
}
