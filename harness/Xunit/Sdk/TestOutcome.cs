using Harness.Results;

namespace Harness.Xunit.Sdk;

/// <summary>What xunit reported for one test: status and the failure text or skip reason.</summary>
/// <param name="Status">Passed, failed or skipped.</param>
/// <param name="Message">Failure messages (one per line) or the skip reason; null when passed.</param>
internal sealed record TestOutcome(TestStatus Status, string? Message);
