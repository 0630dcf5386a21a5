using System.Runtime.InteropServices;

namespace Harness.Xunit.Runs;

/// <summary>
/// Makes sure a run's machines and platform go away with the test process: on normal exit (ProcessExit, also raised
/// for SIGTERM), Ctrl-C (SIGINT), SIGHUP and SIGQUIT (CI's <c>timeout --signal=SIGQUIT</c>). A SIGKILL cannot be caught;
/// there the QEMU platform's watchdog kills the VMs when the harness process disappears.
/// </summary>
internal static class ProcessCleanup
{
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static readonly Lock Gate = new();

    /// <summary>Registers <paramref name="run"/>'s shutdown for every way the process ends.</summary>
    public static void Register(HarnessRun run)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => run.Shutdown("process exit");
        Console.CancelKeyPress += (_, _) => run.Shutdown("Ctrl-C");
        lock (Gate)
        {
            foreach (var signal in new[] { PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
            {
                try
                {
                    Registrations.Add(PosixSignalRegistration.Create(signal, _ => run.Shutdown($"signal {signal}")));
                }
                catch (PlatformNotSupportedException)
                {
                    // Not on this OS; ProcessExit still covers normal ends.
                }
            }
        }
    }
}
