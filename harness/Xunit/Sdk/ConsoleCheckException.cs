namespace Harness.Xunit.Sdk;

/// <summary>A test's machines hit console checks the test did not allow; the message lists the findings.</summary>
public sealed class ConsoleCheckException : Exception
{
    public ConsoleCheckException(string message) : base(message) { }

    public ConsoleCheckException(string message, Exception inner) : base(message, inner) { }

    public ConsoleCheckException() { }
}
