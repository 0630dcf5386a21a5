namespace Harness.Failures;

/// <summary>The machine died: kernel panic, emergency shell, the VM process exited. The message quotes the console tail.</summary>
public class MachineCrashedException : Exception
{
    public MachineCrashedException(string message) : base(message) { }
    public MachineCrashedException(string message, Exception inner) : base(message, inner) { }
    public MachineCrashedException() { }
}
