using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Harness.Results;

/// <summary>
/// Renders a run as JUnit XML for CI test views: one <c>testsuite</c> per run (named
/// <c>&lt;platform&gt;-&lt;arch&gt;-&lt;channel&gt;</c>, with the run facts as properties) and one <c>testcase</c>
/// per test with its last attempt's outcome. Earlier failed attempts follow Maven surefire's rerun convention
/// (understood by Jenkins and GitLab): <c>flakyFailure</c> when the test passed in the end, <c>rerunFailure</c>
/// when it failed again. <c>classname</c> is the name up to its last dot (<c>cl.ignition</c> for <c>cl.ignition.files</c>).
/// </summary>
public static class JUnitFormat
{
    /// <summary>The XML text (UTF-8 declaration, indented), ending with a newline.</summary>
    public static string Render(ResultsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var run = document.Run;
        var tests = TestAttempts.Of(document);
        var failures = tests.Count(t => t.Status == TestStatus.Failed);
        var skipped = tests.Count(t => t.Status == TestStatus.Skipped);
        var seconds = Seconds(tests.Sum(t => t.Attempts.Sum(a => a.DurationMs)));
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", $"{run.Platform}-{run.Arch}-{run.Channel}"),
            new XAttribute("id", run.Id),
            new XAttribute("tests", tests.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", skipped),
            new XAttribute("time", seconds),
            new XAttribute("timestamp", run.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement(
                "properties",
                Property("platform", run.Platform),
                Property("arch", run.Arch),
                Property("channel", run.Channel),
                Property("imageVersion", run.ImageVersion ?? string.Empty),
                Property("platformDescription", run.PlatformDescription ?? string.Empty)),
            tests.Select(TestCase));
        var root = new XElement(
            "testsuites",
            new XAttribute("name", "harness"),
            new XAttribute("tests", tests.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", skipped),
            new XAttribute("time", seconds),
            suite);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static XElement TestCase(TestAttempts test)
    {
        var last = test.Last;
        var dot = test.Name.LastIndexOf('.');
        var element = new XElement(
            "testcase",
            new XAttribute("name", test.Name),
            new XAttribute("classname", dot > 0 ? test.Name[..dot] : test.Name),
            new XAttribute("time", Seconds(last.DurationMs)));
        switch (last.Status)
        {
            case TestStatus.Skipped:
                element.Add(new XElement("skipped", new XAttribute("message", Clean(last.Message ?? "skipped"))));
                break;
            case TestStatus.Failed:
                element.Add(Failure("failure", last));
                break;
        }

        var rerunKind = last.Status == TestStatus.Passed ? "flakyFailure" : "rerunFailure";
        foreach (var earlier in test.Attempts.Take(test.Attempts.Count - 1).Where(a => a.Status == TestStatus.Failed))
        {
            element.Add(Failure(rerunKind, earlier));
        }

        if (last.WarnOnly || last.Tracker is not null)
        {
            element.Add(new XElement(
                "properties",
                last.WarnOnly ? Property("denylist", "warn") : null,
                last.Tracker is { } tracker ? Property("tracker", tracker) : null));
        }

        return element;
    }

    private static XElement Failure(string kind, TestResult attempt)
    {
        var message = Clean(attempt.Message ?? "failed");
        var firstLine = message.Split('\n')[0];
        var element = new XElement(kind, new XAttribute("message", firstLine), new XAttribute("type", $"attempt {attempt.Attempt}"));
        if (kind == "failure")
        {
            element.Value = message;
        }
        else
        {
            element.Add(new XElement("stackTrace", message));
        }

        return element;
    }

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", Clean(value)));

    private static string Seconds(long milliseconds) =>
        (milliseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot hold most control characters (console text may contain them): replace them.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings("\n"))
        {
            builder.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
        }

        return builder.ToString();
    }
}
