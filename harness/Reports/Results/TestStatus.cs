namespace Harness.Results;

/// <summary>Outcome of one attempt of a test.</summary>
public enum TestStatus
{
    /// <summary>The test ran and passed (including its console checks).</summary>
    Passed,

    /// <summary>The test ran and failed, crashed, timed out, or a console check hit.</summary>
    Failed,

    /// <summary>The test did not apply here or skipped itself; the message says why.</summary>
    Skipped,
}
