namespace Harness.Machines;

/// <summary>
/// A machine's serial console as captured so far. Platforms write it (QEMU: as it happens, into
/// <see cref="FilePath"/>); the core reads it for waits, crash detection and console checks.
/// </summary>
public interface IConsoleLog
{
    /// <summary>The file the console is captured into (<c>console.txt</c> in the machine's artifact folder).</summary>
    string FilePath { get; }

    /// <summary>Everything captured so far, as text (invalid UTF-8 replaced).</summary>
    string ReadAll();
}
