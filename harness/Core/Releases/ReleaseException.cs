namespace Harness.Releases;

/// <summary>
/// A release could not be fetched or verified: bad input (unknown channel or arch, a 404, a missing or wrong
/// signature, a key whose fingerprint differs, a truncated download, a digest mismatch). <see cref="Exception.Message"/>
/// is one line naming what and where; <c>harness fetch</c> prints it and exits 2.
/// </summary>
public sealed class ReleaseException : Exception
{
    /// <summary>Creates the exception from a one-line problem.</summary>
    public ReleaseException(string message) : base(message) { }

    /// <summary>Creates the exception from a one-line problem and its cause.</summary>
    public ReleaseException(string message, Exception inner) : base(message, inner) { }

    public ReleaseException() : this("the release could not be fetched") { }
}
