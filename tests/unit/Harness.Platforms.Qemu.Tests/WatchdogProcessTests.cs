using System.Diagnostics;

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
    public async Task Killing_the_tree_kills_the_child()
    {
        using var process = WatchdogProcess.Start("sleep", ["303"], _dir.File("out.txt"));
        var child = await process.ChildPid;

        process.KillTree();

        await process.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await DiesAsync(child));
    }
}
