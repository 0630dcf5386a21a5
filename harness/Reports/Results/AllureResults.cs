using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Artifacts;

namespace Harness.Results;

/// <summary>
/// Writes allure-results (the documented Allure 2 result format, so <c>allure generate</c> reads it): one
/// <c>&lt;uuid&gt;-result.json</c> per test attempt, the machines' <c>console.txt</c>/<c>journal.txt</c> and the
/// test's <c>test.log</c> copied in as attachments, and <c>environment.properties</c> with the run facts.
/// Statuses: passed, failed, skipped, and broken for a failure before any machine started (setup/infrastructure).
/// Attempts of one test share a <c>historyId</c>, so Allure shows reruns as retries; a pass after a failure carries
/// <c>statusDetails.flaky</c>. Ids are derived from run id, test name and attempt, so output is reproducible.
/// </summary>
public static class AllureResults
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] AttachedMachineFiles = ["console.txt", "journal.txt"];

    /// <summary>
    /// Writes the result file of <paramref name="attempt"/> (and copies its attachments from
    /// <paramref name="runFolder"/>) into <paramref name="allureFolder"/>; returns the result file's path.
    /// <paramref name="earlier"/> are the test's previous attempts in this run (to mark a flake).
    /// </summary>
    public static string WriteAttempt(string allureFolder, string runFolder, RunInfo run, TestResult attempt, IEnumerable<TestResult> earlier, string host)
    {
        ArgumentException.ThrowIfNullOrEmpty(allureFolder);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(earlier);
        Directory.CreateDirectory(allureFolder);
        var uuid = Id(run.Id, attempt.Name, attempt.Attempt.ToString(CultureInfo.InvariantCulture));
        var attachments = new JsonArray();
        foreach (var (name, source) in Attachments(runFolder, attempt))
        {
            var target = $"{uuid}-{ArtifactNames.ForFolder(Path.GetFileName(Path.GetDirectoryName(source)!))}-{Path.GetFileName(source)}";
            File.Copy(source, Path.Combine(allureFolder, target), overwrite: true);
            attachments.Add(new JsonObject { ["name"] = name, ["source"] = target, ["type"] = "text/plain" });
        }

        var flaky = attempt.Status == TestStatus.Passed && earlier.Any(e => e.Status == TestStatus.Failed);
        var json = Result(uuid, run, attempt, flaky, host, attachments);
        var path = Path.Combine(allureFolder, $"{uuid}-result.json");
        AtomicFile.WriteAllText(path, SecretScan.FromEnvironment().Redact(json.ToJsonString(Indented)) + "\n");
        return path;
    }

    /// <summary>Writes <c>environment.properties</c> (shown on the report's overview) with the run facts.</summary>
    public static void WriteEnvironment(string allureFolder, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(allureFolder);
        var lines = new StringBuilder();
        foreach (var (key, value) in new[]
                 {
                     ("run", run.Id), ("platform", run.Platform), ("arch", run.Arch), ("channel", run.Channel),
                     ("imageVersion", run.ImageVersion), ("platformDescription", run.PlatformDescription),
                 })
        {
            if (value is not null)
            {
                lines.Append(CultureInfo.InvariantCulture, $"{key}={value.ReplaceLineEndings(" ")}\n");
            }
        }

        AtomicFile.WriteAllText(Path.Combine(allureFolder, "environment.properties"), lines.ToString());
    }

    /// <summary>The Allure status of an attempt.</summary>
    public static string StatusOf(TestResult attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return attempt.Status switch
        {
            TestStatus.Passed => "passed",
            TestStatus.Skipped => "skipped",
            _ when attempt.Machines.Count == 0 => "broken",
            _ => "failed",
        };
    }

    private static JsonObject Result(string uuid, RunInfo run, TestResult attempt, bool flaky, string host, JsonArray attachments)
    {
        var dot = attempt.Name.LastIndexOf('.');
        var package = dot > 0 ? attempt.Name[..dot] : attempt.Name;
        var start = (attempt.Start ?? run.Start).ToUnixTimeMilliseconds();
        var parameters = new (string Name, string? Value)[] { ("platform", run.Platform), ("arch", run.Arch), ("channel", run.Channel), ("imageVersion", run.ImageVersion) };
        var labels = new JsonArray(
            Label("parentSuite", $"{run.Platform}-{run.Arch}"),
            Label("suite", package),
            Label("package", package),
            Label("host", host),
            Label("thread", run.Id),
            Label("framework", "harness"),
            Label("language", "csharp"));
        if (attempt.WarnOnly)
        {
            labels.Add(Label("tag", "denylist-warn"));
        }

        var result = new JsonObject
        {
            ["uuid"] = uuid,
            ["historyId"] = Id(attempt.Name, run.Platform, run.Arch, run.Channel),
            ["testCaseId"] = Id(attempt.Name),
            ["fullName"] = attempt.Name,
            ["name"] = attempt.Name,
            ["status"] = StatusOf(attempt),
            ["statusDetails"] = new JsonObject
            {
                ["message"] = attempt.Message,
                ["known"] = attempt.WarnOnly,
                ["muted"] = false,
                ["flaky"] = flaky,
            },
            ["stage"] = "finished",
            ["start"] = start,
            ["stop"] = start + attempt.DurationMs,
            ["labels"] = labels,
            ["parameters"] = new JsonArray([.. parameters.Where(p => p.Value is not null).Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = p.Value })]),
            ["attachments"] = attachments,
            ["links"] = attempt.Tracker is { } tracker
                ? new JsonArray(new JsonObject { ["name"] = tracker, ["url"] = tracker, ["type"] = "issue" })
                : new JsonArray(),
            ["steps"] = new JsonArray(),
        };
        return result;
    }

    private static IEnumerable<(string Name, string Source)> Attachments(string runFolder, TestResult attempt)
    {
        if (attempt.Folder is not { } folder)
        {
            yield break;
        }

        var testFolder = Path.Combine(runFolder, folder);
        var log = Path.Combine(testFolder, "test.log");
        if (File.Exists(log))
        {
            yield return ("test.log", log);
        }

        foreach (var machine in attempt.Machines)
        {
            foreach (var file in AttachedMachineFiles)
            {
                var source = Path.Combine(testFolder, ArtifactNames.ForFolder(machine), file);
                if (File.Exists(source))
                {
                    yield return ($"{machine} {file}", source);
                }
            }
        }
    }

    private static JsonObject Label(string name, string value) => new() { ["name"] = name, ["value"] = value };

    /// <summary>A stable id from the parts: the first 16 bytes of their SHA-256, as a GUID or hex.</summary>
    private static string Id(params string?[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
