using System.Diagnostics;
using Harness.Processes;

namespace Harness.Tests.Processes;

public class ProcessRunnerTests
{
    private readonly ProcessRunner _runner = new();

    [Fact]
    public async Task Arguments_are_passed_verbatim_without_a_shell()
    {
        var result = await _runner.RunAsync(
            new ProcessSpec("printf", ["%s|", "a b", "'quoted'", "$HOME", "*"]),
            CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a b|'quoted'|$HOME|*|", result.Stdout);
    }

    [Fact]
    public async Task Exit_code_and_both_streams_are_captured()
    {
        var result = await _runner.RunAsync(
            new ProcessSpec("sh", ["-c", "echo out; echo err >&2; exit 7"]),
            CancellationToken.None);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Stdin_text_reaches_the_process()
    {
        var result = await _runner.RunAsync(
            new ProcessSpec("cat", []) { StdinText = "hello\nwörld\n" },
            CancellationToken.None);

        Assert.Equal("hello\nwörld\n", result.Stdout);
    }

    [Fact]
    public async Task Stdin_bytes_and_stdout_file_round_trip_binary_data()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var output = Path.Combine(Path.GetTempPath(), $"runner-{Guid.NewGuid():N}.bin");
        try
        {
            var result = await _runner.RunAsync(
                new ProcessSpec("cat", []) { StdinBytes = bytes, StdoutFile = output },
                CancellationToken.None);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Stdout);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Without_stdin_the_process_sees_end_of_file()
    {
        var result = await _runner.RunAsync(new ProcessSpec("cat", []) { Timeout = TimeSpan.FromSeconds(10) }, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Large_output_on_both_streams_does_not_deadlock()
    {
        // 4 MiB on each stream, far beyond a pipe buffer, while stdin is also being written.
        var result = await _runner.RunAsync(
            new ProcessSpec("sh", ["-c", "head -c 4194304 /dev/zero | tr '\\0' a; head -c 4194304 /dev/zero | tr '\\0' b >&2; cat > /dev/null"])
            {
                StdinText = new string('x', 1 << 20),
                Timeout = TimeSpan.FromSeconds(30),
            },
            CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(4 << 20, result.Stdout.Length);
        Assert.Equal(4 << 20, result.Stderr.Length);
    }

    [Fact]
    public async Task Environment_and_working_directory_apply()
    {
        var dir = Path.GetTempPath();
        var result = await _runner.RunAsync(
            new ProcessSpec("sh", ["-c", "echo \"$HX_TEST_VAR\"; pwd"])
            {
                Environment = new Dictionary<string, string?> { ["HX_TEST_VAR"] = "set" },
                WorkingDirectory = dir,
            },
            CancellationToken.None);

        var lines = result.Stdout.Split('\n');
        Assert.Equal("set", lines[0]);
        Assert.Equal(Path.GetFullPath(dir).TrimEnd('/'), lines[1].TrimEnd('/'));
    }

    [Fact]
    public async Task Timeout_kills_the_process_tree_and_says_so()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"runner-{Guid.NewGuid():N}.pid");
        var stopwatch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ProcessTimeoutException>(() => _runner.RunAsync(
            new ProcessSpec("sh", ["-c", $"echo started; sleep 60 & echo $! > {pidFile}; wait"]) { Timeout = TimeSpan.FromMilliseconds(500) },
            CancellationToken.None));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        Assert.Equal(TimeSpan.FromMilliseconds(500), e.Limit);
        Assert.Equal("started\n", e.Stdout);
        Assert.Contains("did not exit within 500ms", e.Message, StringComparison.Ordinal);
        var grandchild = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(pidFile);
        Assert.False(IsAlive(grandchild), $"grandchild {grandchild} survived");
    }

    [Fact]
    public async Task Caller_cancellation_kills_the_process_and_is_not_a_timeout()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _runner.RunAsync(
            new ProcessSpec("sleep", ["60"]) { Timeout = TimeSpan.FromSeconds(30) },
            cts.Token));

        Assert.IsNotType<ProcessTimeoutException>(e);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_missing_executable_is_an_infrastructure_error_naming_it()
    {
        var e = await Assert.ThrowsAsync<ProcessStartException>(() => _runner.RunAsync(
            new ProcessSpec("no-such-tool-hx", ["--version"]),
            CancellationToken.None));

        Assert.Contains("no-such-tool-hx --version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Display_quotes_only_what_needs_quoting()
    {
        var spec = new ProcessSpec("ssh", ["-o", "ControlPath=/tmp/x/c", "bash -c 'it'\\''s'", ""]);

        Assert.Equal("ssh -o ControlPath=/tmp/x/c 'bash -c '\\''it'\\''\\'\\'''\\''s'\\''' ''", spec.Display);
    }

    private static bool IsAlive(int pid)
    {
        // A killed child can linger as a zombie until reaped; count that as dead.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
