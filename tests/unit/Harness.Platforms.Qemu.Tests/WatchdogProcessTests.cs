using System.Diagnostics;
using Harness.Testing;

namespace Harness.Platforms.Qemu.Tests;

public sealed class WatchdogProcessTests : IDisposable
{
    private readonly TempDir _dir = new("hq-wd");

    public void Dispose() => _dir.Dispose();

    private static bool Alive(int pid) => ProcInfo.StartTime(pid) is not null;

    private static async Task<bool> DiesAsync(int pid) =>
        await Eventually.TrueAsync(() => !Alive(pid), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task The_childs_exit_code_and_output_come_through()
    {
        var output = _dir.File("out.txt");
        using var process = WatchdogProcess.Start("/bin/sh", ["-c", "echo to-stdout; echo to-stderr >&2; exit 3"], output);

        await process.ChildPid;
        Assert.Equal(3, await process.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("to-stdout\nto-stderr\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task Closing_the_lifeline_kills_the_child_and_leaves_nothing_behind()
    {
        using var process = WatchdogProcess.Start("sleep", ["301"], _dir.File("out.txt"));
        var child = await process.ChildPid;
        Assert.True(Alive(child));

        process.CloseLifeline();

        Assert.Equal(137, await process.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await DiesAsync(child));
    }

    [Fact]
    public async Task The_child_dies_when_the_lifeline_holder_is_SIGKILLed()
    {
        // A stand-in harness: a shell that holds the pipe's write end, reports its pid, then sleeps until killed.
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-c", "sh -c 'echo $$ >&2; exec sleep 1000' | /bin/sh -c \"$1\" wd \"$2\" sleep 302", "outer", WatchdogProcess.Script, _dir.File("out.txt")])
        {
            info.ArgumentList.Add(arg);
        }

        using var outer = Process.Start(info)!;
        var holder = int.Parse((await outer.StandardError.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        var child = int.Parse((await outer.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Alive(child));

        using (var stand_in = Process.GetProcessById(holder))
        {
            stand_in.Kill();
        }

        Assert.True(await DiesAsync(child), "the child outlived the harness");
        await outer.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Killing_returns_only_once_a_child_that_is_slow_to_die_is_gone()
    {
        // Like a QEMU with guest memory: after SIGKILL the kernel needs a while to release 512 MiB of touched pages.
        using var process = WatchdogProcess.Start("dd", ["if=/dev/zero", "of=/dev/null", "bs=512M", "count=1000000"], _dir.File("out.txt"));
        var child = await process.ChildPid;
        Assert.True(await Eventually.TrueAsync(() => ResidentMiB(child) >= 400, TimeSpan.FromSeconds(30)), "dd never filled its buffer");

        Assert.True(await process.KillAsync(TimeSpan.FromSeconds(10)));

        Assert.False(Alive(child), "the child was still exiting when KillAsync returned");
        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task Killing_right_after_the_start_leaves_no_child_behind()
    {
        // The kill lands anywhere between the shell's start and its report of the child's pid.
        for (var i = 0; i < 10; i++)
        {
            var marker = "30" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var process = WatchdogProcess.Start("sleep", [marker], _dir.File("out.txt"));
            if (i % 2 == 1)
            {
                await Task.Delay(i);
            }

            Assert.True(await process.KillAsync(TimeSpan.FromSeconds(10)));

            Assert.Empty(ProcessesWithCommandLine("sleep\0" + marker + "\0"));
        }
    }

    [Fact]
    public async Task Killing_a_process_that_already_exited_succeeds_and_keeps_its_exit_code()
    {
        using var process = WatchdogProcess.Start("true", [], _dir.File("out.txt"));
        await process.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(await process.KillAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, await process.Exited);
    }

    private static long ResidentMiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<int> ProcessesWithCommandLine(string commandLine)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Alive(pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")) == commandLine)
                    {
                        pids.Add(pid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Gone meanwhile.
                }
            }
        }

        return pids;
    }
}
