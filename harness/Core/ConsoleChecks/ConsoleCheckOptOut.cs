namespace Harness.ConsoleChecks;

/// <summary>A test's permission for a console check to match (<c>[AllowConsole("kernel-panic", Reason = "…")]</c>).</summary>
/// <param name="CheckId">The check's id; must be one of <see cref="ConsoleChecker.Checks"/>.</param>
/// <param name="Reason">Why the test expects the pattern (kept in reports).</param>
public sealed record ConsoleCheckOptOut(string CheckId, string Reason);
