namespace Harness.Sysext;

/// <summary>
/// A system extension that systemd would refuse or that cannot be built as described (files outside /usr and /opt,
/// an os-release inside the image, a release file for another name, an unknown architecture, a missing ID).
/// The message is one line naming the extension, the problem and the fix.
/// </summary>
public class SysextSpecException : Exception
{
    public SysextSpecException(string message) : base(message) { }
    public SysextSpecException(string message, Exception inner) : base(message, inner) { }
    public SysextSpecException() { }
}
