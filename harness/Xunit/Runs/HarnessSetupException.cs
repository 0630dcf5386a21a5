namespace Harness.Xunit.Runs;

/// <summary>
/// The run could not be set up for a test (invalid settings, an unknown <c>HARNESS_TESTS</c> pattern, a platform that
/// refused its options, an invalid <c>[OsTest]</c> attribute). The message is the one line to fix; no VM was started.
/// </summary>
public sealed class HarnessSetupException : Exception
{
    public HarnessSetupException(string message) : base(message) { }

    public HarnessSetupException(string message, Exception inner) : base(message, inner) { }

    public HarnessSetupException() { }
}
