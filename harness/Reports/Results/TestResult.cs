namespace Harness.Results;

/// <summary>One attempt of one test, as written to <c>results.json</c>.</summary>
/// <param name="Name">Kola-style test name.</param>
/// <param name="Status">Outcome.</param>
/// <param name="Attempt">1 for the first run; reruns count up.</param>
/// <param name="DurationMs">Wall time of the attempt in milliseconds.</param>
/// <param name="Message">Failure text or skip reason; null when passed.</param>
/// <param name="Machines">Names of the machines the test started (their artifacts are in <c>&lt;run&gt;/&lt;test&gt;/&lt;machine&gt;/</c>).</param>
public sealed record TestResult(string Name, TestStatus Status, int Attempt, long DurationMs, string? Message, IReadOnlyList<string> Machines)
{
    /// <summary>
    /// One-line facts the test recorded for the report (<c>Session.AddNote</c>), in order, e.g. a fleet fingerprint per
    /// node; null (and left out of the JSON) when it recorded none.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Notes { get; init; }

    /// <summary>When the attempt started; null when unknown (older files).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>The attempt's artifact folder relative to the run folder (<c>cl.basic</c>, <c>cl.basic~2</c>); null when it had none.</summary>
    public string? Folder { get; init; }

    /// <summary>True when a denylist entry with <c>warn: true</c> applied: a failure is reported but does not fail the run.</summary>
    public bool WarnOnly { get; init; }

    /// <summary>The tracking link of the denylist entry that applied, or null.</summary>
    public string? Tracker { get; init; }
}
