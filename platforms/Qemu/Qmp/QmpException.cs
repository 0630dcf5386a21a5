using Harness.Failures;
using Harness.Machines;

namespace Harness.Platforms.Qemu;

/// <summary>A QMP command failed, got no answer, or the connection to QEMU's monitor broke.</summary>
public class QmpException : InfrastructureException
{
    public QmpException(string message) : base(message) { }

    public QmpException(string message, Exception inner) : base(message, inner) { }

    public QmpException() { }

    /// <summary>True when the monitor connection was closed (QEMU exited or closed the socket).</summary>
    public bool ConnectionClosed { get; init; }
}
