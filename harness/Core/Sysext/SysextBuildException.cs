namespace Harness.Sysext;

/// <summary>Building an extension image failed on the host (the tool is missing or exited non-zero); nothing was left behind.</summary>
public class SysextBuildException : Exception
{
    public SysextBuildException(string message) : base(message) { }
    public SysextBuildException(string message, Exception inner) : base(message, inner) { }
    public SysextBuildException() { }
}
