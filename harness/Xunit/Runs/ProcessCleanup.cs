using System.Runtime.InteropServices;

namespace Harness.Xunit.Runs;

/// <summary>
/// Makes sure a run's machines and platform go away with the test process: on normal exit (ProcessExit), and on
/// SIGTERM, SIGINT (Ctrl-C), SIGHUP and SIGQUIT (CI's <c>timeout --signal=SIGQUIT</c>). The signals need their own
/// handlers: the test host does not raise ProcessExit for them. After the cleanup the signal's default action
/// proceeds (the process ends). SIGKILL cannot be caught; there the QEMU platform's watchdog kills the VMs when the
/// harness process disappears, and the next run sweeps the dead run's secrets.
/// </summary>
internal static class ProcessCleanup
{
    private static readonly PosixSignal[] Signals = [PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGQUIT];
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static readonly Lock Gate = new();

    /// <summary>Registers <paramref name="run"/>'s shutdown for every way the process ends.</summary>
    public static void Register(HarnessRun run)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => run.Shutdown("process exit");
        lock (Gate)
        {
            foreach (var signal in Signals)
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
