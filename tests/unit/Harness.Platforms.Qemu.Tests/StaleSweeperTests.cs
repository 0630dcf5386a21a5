using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Platforms.Qemu.Tests;

public sealed class StaleSweeperTests : IDisposable
{
    private readonly TempDir _state = new("hq-sweep");

    public void Dispose() => _state.Dispose();

    private static Process Sleep()
    {
        var info = new ProcessStartInfo("sleep") { ArgumentList = { "300" }, RedirectStandardInput = true };
        return Process.Start(info)!;
    }

    /// <summary>The identity of a harness process that has exited.</summary>
    private static (int Pid, long Start) DeadHarness()
    {
        using var gone = Process.Start(new ProcessStartInfo("true"))!;
        var start = ProcInfo.StartTime(gone.Id) ?? 1;
        gone.WaitForExit();
        return (gone.Id, start);
    }

    [Fact]
    public void Processes_and_files_of_a_dead_harness_are_swept()
    {
        using var sleep = Sleep();
        var machineDir = Directory.CreateDirectory(_state.File("machines/m1-abc")).FullName;
        File.WriteAllText(Path.Combine(machineDir, "overlay.qcow2"), "x");
        var (pid, start) = DeadHarness();
        var record = new PidRecord
        {
            HarnessPid = pid,
            HarnessStart = start,
            Owner = "m1",
            Processes = [OwnedProcess.Of(sleep.Id)!],
            Paths = [machineDir],
        };
        record.WriteTo(Path.Combine(StaleSweeper.RecordDir(_state.Path), "m1-abc.json"));

        var swept = StaleSweeper.Sweep(_state.Path, NullLogger.Instance);

        Assert.Equal(1, swept);
        Assert.True(sleep.WaitForExit(5000), "the stale process is still alive");
        Assert.False(Directory.Exists(machineDir));
        Assert.Empty(Directory.GetFiles(StaleSweeper.RecordDir(_state.Path)));
    }

    [Fact]
    public void Records_of_a_live_harness_are_left_alone()
    {
        using var sleep = Sleep();
        try
        {
            var machineDir = Directory.CreateDirectory(_state.File("machines/m2-abc")).FullName;
            var record = PidRecord.ForCurrentProcess("m2") with { Processes = [OwnedProcess.Of(sleep.Id)!], Paths = [machineDir] };
            record.WriteTo(Path.Combine(StaleSweeper.RecordDir(_state.Path), "m2-abc.json"));

            Assert.Equal(0, StaleSweeper.Sweep(_state.Path, NullLogger.Instance));
            Assert.False(sleep.HasExited);
            Assert.True(Directory.Exists(machineDir));
        }
        finally
        {
            sleep.Kill();
        }
    }

    [Fact]
    public void A_reused_pid_is_not_killed()
    {
        using var sleep = Sleep();
        try
        {
            var (pid, start) = DeadHarness();
            var stranger = new OwnedProcess(sleep.Id, (ProcInfo.StartTime(sleep.Id) ?? 0) + 1);
            new PidRecord { HarnessPid = pid, HarnessStart = start, Processes = [stranger] }
                .WriteTo(Path.Combine(StaleSweeper.RecordDir(_state.Path), "m3.json"));

            StaleSweeper.Sweep(_state.Path, NullLogger.Instance);

            Assert.False(sleep.WaitForExit(300));
        }
        finally
        {
            sleep.Kill();
        }
    }

    [Fact]
    public void Only_paths_the_platform_creates_are_deleted()
    {
        Assert.True(StaleSweeper.IsOurs(_state.File("machines/x"), _state.Path));
        Assert.True(StaleSweeper.IsOurs("/tmp/hq-0123456789", _state.Path));
        Assert.True(StaleSweeper.IsOurs("/tmp/hq-abcdef0123/m1.qmp", _state.Path));
        Assert.False(StaleSweeper.IsOurs("/home/user", _state.Path));
        Assert.False(StaleSweeper.IsOurs("/home/hq-0123456789", _state.Path));
        Assert.False(StaleSweeper.IsOurs(_state.Path + "-sibling/x", _state.Path));
        Assert.False(StaleSweeper.IsOurs("relative/path", _state.Path));
    }

    [Fact]
    public void Proc_stat_parsing_handles_odd_command_names_and_zombies()
    {
        const string normal = "1234 (qemu-system-x86) S 1 1234 1234 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 3 0 987654 1000 200";
        const string odd = "1234 (a) b (c) S 1 1234 1234 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 3 0 555 1000 200";
        const string zombie = "1234 (sleep) Z 1 1234 1234 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 3 0 987654 1000 200";

        Assert.Equal(987654, ProcInfo.ParseStartTime(normal));
        Assert.Equal(555, ProcInfo.ParseStartTime(odd));
        Assert.Null(ProcInfo.ParseStartTime(zombie));
    }
}
