using System.Diagnostics;
using Harness.Machines;
using Harness.Waiting;
using Microsoft.Extensions.Logging;

namespace Harness.Platforms.Qemu;

/// <summary>
/// Boots the firmware alone (no disk) under KVM with the CPU model machines would use, and watches for serial
/// output (guest code ran) or a KVM error. Runs under the watchdog and a pid record like any machine.
/// </summary>
internal sealed class QemuKvmProbeRunner(
    string binary, Arch arch, string firmwareCode, DiskFormat codeFormat, string firmwareVars, DiskFormat varsFormat,
    string stateDir, TimeSpan timeout, ILogger logger) : IKvmProbeRunner
{
    public async Task<KvmProbeObservation> RunAsync(CancellationToken cancellationToken)
    {
        var dir = Path.Combine(stateDir, "probe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var recordPath = Path.Combine(StaleSweeper.RecordDir(stateDir), Path.GetFileName(dir) + ".json");
        var record = PidRecord.ForCurrentProcess("kvm-probe") with { Paths = [dir] };
        WatchdogProcess? process = null;
        try
        {
            record.WriteTo(recordPath);
            var vars = Path.Combine(dir, "vars" + (varsFormat == DiskFormat.Qcow2 ? ".qcow2" : ".fd"));
            File.Copy(firmwareVars, vars);
            var serial = Path.Combine(dir, "serial.txt");
            var output = Path.Combine(dir, "qemu-output.txt");
            var machine = arch == Arch.Amd64 ? "q35" : "virt,gic-version=3";
            string[] args =
            [
                "-nodefaults", "-no-user-config", "-display", "none",
                "-machine", machine, "-accel", "kvm", "-cpu", "host", "-m", "256",
                "-drive", $"if=pflash,format={codeFormat.ToQemu()},unit=0,readonly=on,file={QemuCommandLine.Escape(firmwareCode)}",
                "-drive", $"if=pflash,format={varsFormat.ToQemu()},unit=1,file={QemuCommandLine.Escape(vars)}",
                "-chardev", $"file,id=con0,path={QemuCommandLine.Escape(serial)}", "-serial", "chardev:con0",
            ];

            Log.ProbeStarted(logger, binary, timeout.TotalSeconds);
            var clock = Stopwatch.StartNew();
            process = WatchdogProcess.Start(binary, args, output, dir);
            var child = await process.ChildPid;
            record = record with { Processes = [.. new[] { OwnedProcess.Of(process.WrapperPid), OwnedProcess.Of(child) }.OfType<OwnedProcess>()] };
            record.WriteTo(recordPath);

            try
            {
                await Poll.UntilAsync(
                    _ => Task.FromResult(
                        process.HasExited ? (true, "qemu exited")
                        : Length(serial) > 0 ? (true, "firmware output")
                        : KvmProbe.ShowsFailure(SharedFile.ReadAllText(output)) ? (true, "KVM error")
                        : (false, "no firmware output yet")),
                    new PollOptions("firmware output from the KVM probe guest") { Timeout = timeout, Interval = TimeSpan.FromMilliseconds(100) },
                    cancellationToken);
            }
            catch (WaitTimeoutException)
            {
                // Silence until the limit is itself the verdict (KvmProbe.Decide says so).
            }

            // A failing firmware may still print a line before QEMU reports the error: give the error a moment to show.
            if (Length(serial) > 0 && !process.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
            }

            var elapsed = clock.Elapsed;
            var exited = process.HasExited;
            int? exitCode = exited ? await process.Exited : null;
            await process.KillAsync(TimeSpan.FromSeconds(10));
            return new KvmProbeObservation(Length(serial) > 0, exited, exitCode, SharedFile.ReadAllText(output), elapsed, timeout);
        }
        finally
        {
            if (process is not null)
            {
                // Already killed when the probe got to its verdict; here for the paths that threw before it.
                if (!process.HasExited)
                {
                    await process.KillAsync(TimeSpan.FromSeconds(10));
                }

                process.Dispose();
            }

            StaleSweeper.TryDelete(dir, logger);
            StaleSweeper.TryDelete(recordPath, logger);
        }
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
