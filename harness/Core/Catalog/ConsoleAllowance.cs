namespace Harness.Catalog;

/// <summary>A test's opt-out from one console check, with the reason it is acceptable for this test.</summary>
/// <param name="Check">The console check's id (e.g. <c>kernel-panic</c>, <c>emergency-shell</c>).</param>
/// <param name="Reason">Why hitting the check is expected here; shown in logs and reports.</param>
public sealed record ConsoleAllowance(string Check, string Reason);
