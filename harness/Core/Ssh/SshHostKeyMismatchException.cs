using Harness.Failures;
using Harness.Machines;

namespace Harness.Ssh;

/// <summary>
/// The machine's sshd presented a host key other than the one the harness generated and injected through Ignition.
/// Never retried: either something else answers on the endpoint, or the image ignored the injected key.
/// </summary>
public class SshHostKeyMismatchException : InfrastructureException
{
    public SshHostKeyMismatchException(string message) : base(message) { }
    public SshHostKeyMismatchException(string message, Exception inner) : base(message, inner) { }
    public SshHostKeyMismatchException() { }
}
