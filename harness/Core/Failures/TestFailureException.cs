namespace Harness.Failures;

/// <summary>The OS misbehaved: a command that should succeed failed, a wait ran out, an assertion on guest state did not hold.</summary>
public class TestFailureException : Exception
{
    public TestFailureException(string message) : base(message) { }
    public TestFailureException(string message, Exception inner) : base(message, inner) { }
    public TestFailureException() { }
}
