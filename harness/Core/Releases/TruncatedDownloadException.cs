namespace Harness.Releases;

/// <summary>A response body ended before the length the server announced (retried, resuming with a Range request).</summary>
internal sealed class TruncatedDownloadException : IOException
{
    public TruncatedDownloadException(string message) : base(message) { }

    public TruncatedDownloadException() { }

    public TruncatedDownloadException(string message, Exception inner) : base(message, inner) { }
}
