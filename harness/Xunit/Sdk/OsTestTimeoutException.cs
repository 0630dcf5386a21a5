namespace Harness.Xunit.Sdk;

/// <summary>An OS test used up its time limit; the message states elapsed time, limit and the last error.</summary>
public sealed class OsTestTimeoutException : Exception
{
    public OsTestTimeoutException(string message) : base(message) { }

    public OsTestTimeoutException(string message, Exception? inner) : base(message, inner) { }

    public OsTestTimeoutException() { }
}
