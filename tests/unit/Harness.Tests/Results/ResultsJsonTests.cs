using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Harness.Results;
using Harness.Testing;

namespace Harness.Tests.Results;

public sealed class ResultsJsonTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    internal static ResultsDocument Sample() => new(
        new RunInfo
        {
            Id = "20261121-100000-7f3a",
            Platform = "qemu",
            Arch = "amd64",
            Channel = "developer",
            ImageVersion = "1.0.0",
            Image = "/repo/artifacts/images/amd64/current/disk.qcow2",
            Accelerator = "tcg",
            PlatformDescription = "qemu-system-x86_64 7.2, TCG",
            Start = Start,
            End = Start.AddMinutes(3).AddMilliseconds(250),
        },
        [
            new TestResult("cl.basic", TestStatus.Passed, 1, 61_234, null, ["cl-basic-m1"]) { Start = Start.AddSeconds(1), Folder = "cl.basic" },
            new TestResult(
                "cl.ignition.files",
                TestStatus.Failed,
                1,
                42_000,
                "console check 'kernel-panic' hit on cl-ignition-files-m1 (console.txt:123): Kernel panic - not syncing: VFS",
                ["cl-ignition-files-m1"]),
            new TestResult("cl.network.private", TestStatus.Skipped, 1, 0, "requires capability PrivateNetwork, platform qemu has Reboot", []),
            new TestResult("cl.ignition.files", TestStatus.Passed, 2, 40_000, null, ["cl-ignition-files-m1"])
            {
                Start = Start.AddMinutes(2),
                Folder = "cl.ignition.files~2",
                WarnOnly = true,
                Tracker = "https://github.com/flatcar/Flatcar/issues/629",
            },
        ]);

    [Fact]
    public void Matches_the_golden_file() =>
        GoldenFile.Verify(GoldenPath(), ResultsJson.Serialize(Sample()).ReplaceLineEndings("\n"));

    [Fact]
    public void Uses_camel_case_lowercase_statuses_and_utc_times()
    {
        var json = JsonNode.Parse(ResultsJson.Serialize(Sample()))!;
        Assert.Equal("2026-11-21T10:00:00.000Z", (string?)json["run"]!["start"]);
        Assert.Equal("failed", (string?)json["tests"]![1]!["status"]);
        Assert.Equal(61_234, (long?)json["tests"]![0]!["durationMs"]);
        Assert.Null(json["tests"]![0]!["message"]); // present, null when passed
        Assert.True(json["tests"]![0]!.AsObject().ContainsKey("message"));
    }

    [Fact]
    public void Times_in_other_offsets_are_written_in_utc()
    {
        var doc = Sample() with { Run = Sample().Run with { Start = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(2)) } };
        Assert.Equal("2026-11-21T10:00:00.000Z", (string?)JsonNode.Parse(ResultsJson.Serialize(doc))!["run"]!["start"]);
    }

    [Fact]
    public void Round_trips()
    {
        var sample = Sample();
        var back = ResultsJson.Deserialize(ResultsJson.Serialize(sample));
        Assert.Equal(sample.Run, back.Run);
        Assert.Equal(sample.Tests.Select(t => (t.Name, t.Status, t.Attempt, t.DurationMs, t.Message)), back.Tests.Select(t => (t.Name, t.Status, t.Attempt, t.DurationMs, t.Message)));
        Assert.Equal(sample.Tests[0].Machines, back.Tests[0].Machines);
    }

    [Fact]
    public void Notes_are_written_only_when_a_test_recorded_some_and_round_trip()
    {
        var noted = new TestResult("cl.fleet.identity", TestStatus.Passed, 1, 1, null, ["m1"]) { Notes = ["m1 version=1.0.0 usr=abc"] };
        var doc = Sample() with { Tests = [Sample().Tests[0], noted] };

        var json = JsonNode.Parse(ResultsJson.Serialize(doc))!["tests"]!.AsArray();

        Assert.Null(json[0]!.AsObject()["notes"]);
        Assert.Equal("m1 version=1.0.0 usr=abc", (string?)json[1]!["notes"]![0]);
        Assert.Equal(noted.Notes, ResultsJson.Deserialize(ResultsJson.Serialize(doc)).Tests[1].Notes);
    }

    private static string GoldenPath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "golden", "results.json");
}
