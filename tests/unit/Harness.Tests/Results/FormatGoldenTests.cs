using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Harness.Results;
using Harness.Testing;

namespace Harness.Tests.Results;

/// <summary>
/// TAP, JUnit XML and allure-results rendered from <see cref="ResultsJsonTests.Sample"/> (a pass, a failure that
/// passed on its rerun, a skip) are pinned by golden files; <c>HARNESS_UPDATE_GOLDEN=1</c> rewrites them.
/// </summary>
public sealed class FormatGoldenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-formats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Tap_matches_the_golden_file() => AssertGolden("results.tap", TapFormat.Render(ResultsJsonTests.Sample()));

    [Fact]
    public void JUnit_matches_the_golden_file() => AssertGolden("junit.xml", JUnitFormat.Render(ResultsJsonTests.Sample()));

    [Fact]
    public void Tap_is_kola_shaped()
    {
        var failedOnly = ResultsJsonTests.Sample() with { Tests = [.. ResultsJsonTests.Sample().Tests.Take(3)] };
        var lines = TapFormat.Render(failedOnly).Split('\n');
        Assert.Equal("1..3", lines[0]);
        Assert.Equal("ok - cl.basic", lines[1]);
        Assert.Equal("not ok - cl.ignition.files", lines[2]);
        Assert.Equal("  ---", lines[3]);
        Assert.StartsWith("  Error: \"console check 'kernel-panic'", lines[4], StringComparison.Ordinal);
        Assert.Equal("  ...", lines[5]);
        Assert.Equal("ok - cl.network.private # SKIP requires capability PrivateNetwork, platform qemu has Reboot", lines[6]);
        Assert.Equal("\"a\\\"b\\\\c\\nd\\x01\"", TapFormat.GoQuote("a\"b\\c\nd\u0001"));
    }

    [Fact]
    public void JUnit_counts_final_outcomes_and_keeps_the_failed_attempt_as_flaky()
    {
        var xml = XDocument.Parse(JUnitFormat.Render(ResultsJsonTests.Sample()));
        var suite = xml.Root!.Element("testsuite")!;
        Assert.Equal(("3", "0", "1"), ((string)suite.Attribute("tests")!, (string)suite.Attribute("failures")!, (string)suite.Attribute("skipped")!));
        var files = suite.Elements("testcase").Single(t => (string)t.Attribute("name")! == "cl.ignition.files");
        Assert.Null(files.Element("failure"));
        Assert.StartsWith("console check", (string)files.Element("flakyFailure")!.Attribute("message")!, StringComparison.Ordinal);
        Assert.Equal("cl.ignition", (string)files.Attribute("classname")!);
    }

    [Fact]
    public void Allure_results_match_the_golden_file_and_carry_the_console_as_an_attachment()
    {
        var sample = ResultsJsonTests.Sample();
        var runFolder = Path.Combine(_dir, "run");
        Directory.CreateDirectory(Path.Combine(runFolder, "cl.basic", "cl-basic-m1"));
        File.WriteAllText(Path.Combine(runFolder, "cl.basic", "cl-basic-m1", "console.txt"), "Flatcar login:\n");
        File.WriteAllText(Path.Combine(runFolder, "cl.basic", "test.log"), "cl.basic: passed\n");
        var allure = Path.Combine(runFolder, ResultsFiles.AllureFolder);
        AllureResults.WriteEnvironment(allure, sample.Run);
        for (var i = 0; i < sample.Tests.Count; i++)
        {
            AllureResults.WriteAttempt(allure, runFolder, sample.Run, sample.Tests[i], sample.Tests.Take(i), "build-host");
        }

        var combined = new StringBuilder();
        foreach (var file in Directory.GetFiles(allure).Order(StringComparer.Ordinal))
        {
            combined.Append("== ").Append(Path.GetFileName(file)).Append('\n').Append(File.ReadAllText(file));
        }

        AssertGolden("allure-results.txt", combined.ToString());

        var results = Directory.GetFiles(allure, "*-result.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!).ToList();
        Assert.Equal(4, results.Count);
        var basic = results.Single(r => (string?)r["name"] == "cl.basic");
        var attachment = basic["attachments"]!.AsArray().Select(a => (string)a!["source"]!).Single(s => s.EndsWith("console.txt", StringComparison.Ordinal));
        Assert.Equal("Flatcar login:\n", File.ReadAllText(Path.Combine(allure, attachment)));
        var flake = results.Single(r => r["statusDetails"]!["flaky"]!.GetValue<bool>());
        Assert.Equal("passed", (string?)flake["status"]);
        Assert.Equal(1, results.Count(r => (string?)r["status"] == "failed"));
        Assert.Equal(2, results.Select(r => (string?)r["historyId"]).Count(h => h == (string?)flake["historyId"]));
    }

    private static void AssertGolden(string name, string actual, [CallerFilePath] string source = "") =>
        GoldenFile.Verify(Path.Combine(Path.GetDirectoryName(source)!, "golden", name), actual.ReplaceLineEndings("\n"));
}
