namespace Harness.Xunit;

/// <summary>
/// Lets an OS test hit a console check without failing, for a stated reason:
/// <c>[AllowConsole("kernel-panic", Reason = "the test panics the kernel on purpose")]</c>. Repeatable; on a method or
/// on its class (then it applies to every test of the class). Check ids are those of
/// <see cref="Harness.ConsoleChecks.ConsoleChecker.Checks"/>; an unknown id fails the test before any machine starts.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class AllowConsoleAttribute : Attribute
{
    /// <summary>Allows the console check <paramref name="check"/>.</summary>
    /// <param name="check">The check's id (<c>kernel-panic</c>, <c>emergency-shell</c>, …).</param>
    public AllowConsoleAttribute(string check)
    {
        Check = check;
    }

    /// <summary>The check's id.</summary>
    public string Check { get; }

    /// <summary>Why the test expects the pattern; required, kept in logs and reports.</summary>
    public string Reason { get; set; } = "";
}
