namespace Harness.Failures;

/// <summary>
/// The infrastructure failed (qemu missing, SSH never came up, cloud quota) — as opposed to the OS
/// misbehaving (<see cref="TestFailureException"/>) or the machine crashing (<see cref="MachineCrashedException"/>).
/// </summary>
public class InfrastructureException : Exception
{
    public InfrastructureException(string message) : base(message) { }
    public InfrastructureException(string message, Exception inner) : base(message, inner) { }
    public InfrastructureException() { }
}
