namespace Harness.Denylists;

/// <summary>A denylist file that cannot be used; the message names the file, the line and how to fix it.</summary>
public sealed class DenylistException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DenylistException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DenylistException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>For serializers.</summary>
    public DenylistException()
    {
    }
}
