using Harness.Failures;

namespace Harness.Machines;

/// <summary>
/// A snapshot no longer matches what the platform would boot (the image, firmware or emulator changed since it was
/// saved): it must not be restored. The harness drops the template and boots a new one.
/// </summary>
public sealed class StaleSnapshotException : InfrastructureException
{
    public StaleSnapshotException(string message) : base(message) { }
    public StaleSnapshotException(string message, Exception inner) : base(message, inner) { }
    public StaleSnapshotException() { }
}
