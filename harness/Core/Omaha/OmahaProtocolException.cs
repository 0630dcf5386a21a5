namespace Harness.Omaha;

/// <summary>A request body that is not an Omaha 3.0 request (malformed XML, no <c>&lt;app&gt;</c>).</summary>
public sealed class OmahaProtocolException(string message, Exception? inner = null) : Exception(message, inner);
