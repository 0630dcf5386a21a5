using Harness.ConsoleChecks;

namespace Harness.Tests.Machines;

public sealed class MachineDisposeTests : IDisposable
{
    private const string JournalCommand =
        "if sudo -n true 2>/dev/null; then sudo -n journalctl --no-pager -o short-monotonic; else journalctl --no-pager -o short-monotonic; fi";

    private readonly MachineFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Dispose_saves_the_journal_checks_console_and_journal_collects_and_destroys()
    {
        _f.Ssh.On(JournalCommand, 0, "-- Boot boot-1 --\n[    5.0] host systemd[1]: Failed to start app.service - App.\n");
        var vm = await _f.StartAsync();
        _f.Backend.Print("[    1.0] Oops: 0000 [#1] SMP");

        await vm.DisposeAsync();

        Assert.Equal(
            "-- Boot boot-1 --\n[    5.0] host systemd[1]: Failed to start app.service - App.\n",
            await File.ReadAllTextAsync(Path.Combine(vm.ArtifactDir, "journal.txt")));
        Assert.Equal(
            [("oops", "console", 1), ("failed-unit", "journal", 2)],
            _f.Findings.Select(f => (f.CheckId, f.Source, f.LineNumber)));
        Assert.Equal((1, 1, 1), (_f.Backend.Collected, _f.Backend.Disposed, _f.Ssh.Disposals));
    }

    [Fact]
    public async Task Opted_out_checks_are_not_reported()
    {
        _f.Context = _f.Context with { ConsoleOptOuts = [new ConsoleCheckOptOut("oops", "the test triggers one")] };
        var vm = await _f.StartAsync();
        _f.Backend.Print("[    1.0] Oops: 0000 [#1] SMP");

        await vm.DisposeAsync();

        Assert.Empty(_f.Findings);
    }

    [Fact]
    public async Task Dispose_is_idempotent_and_never_throws()
    {
        _f.Ssh.On(JournalCommand, 1, stderr: "journal broke\n");
        var vm = await _f.StartAsync();
        _f.Backend.ThrowOnCollect = true;
        _f.Backend.ThrowOnDispose = true;

        await vm.DisposeAsync();
        await vm.DisposeAsync();

        Assert.Equal((1, 1), (_f.Backend.Collected, _f.Backend.Disposed));
        Assert.Equal(1, _f.Ssh.Count(JournalCommand));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => vm.ExecAsync("true"));
    }

    [Fact]
    public async Task A_dead_machine_is_not_asked_for_its_journal()
    {
        var vm = await _f.StartAsync();
        _f.Backend.ExitReason = "qemu exited with code 1";

        await vm.DisposeAsync();

        Assert.Equal(0, _f.Ssh.Count(JournalCommand));
        Assert.Equal(1, _f.Backend.Disposed);
    }

    [Fact]
    public async Task A_machine_whose_kernel_panicked_is_not_asked_for_its_journal()
    {
        _f.Ssh.On(JournalCommand, 0, "-- Boot boot-1 --\n");
        var vm = await _f.StartAsync();
        _f.Backend.Print("[    0.000000] Linux version 6.1.0-50-cloud-amd64");
        _f.Backend.Print("[   61.2] Kernel panic - not syncing: dm-verity device corrupted");

        await vm.DisposeAsync();

        Assert.Equal(0, _f.Ssh.Count(JournalCommand));
        Assert.False(File.Exists(Path.Combine(vm.ArtifactDir, "journal.txt")));
        Assert.Equal([("kernel-panic", "console", 2)], _f.Findings.Select(f => (f.CheckId, f.Source, f.LineNumber)));
        Assert.Equal((1, 1), (_f.Backend.Collected, _f.Backend.Disposed));
    }

    [Fact]
    public async Task A_machine_that_booted_again_after_a_panic_is_asked_for_its_journal()
    {
        _f.Ssh.On(JournalCommand, 0, "-- Boot boot-1 --\n-- Boot boot-2 --\n");
        var vm = await _f.StartAsync();
        _f.Backend.Print("[   61.2] Kernel panic - not syncing: dm-verity device corrupted");
        _f.Backend.Print("[    0.000000] Linux version 6.1.0-50-cloud-amd64");

        await vm.DisposeAsync();

        Assert.Equal(1, _f.Ssh.Count(JournalCommand));
        Assert.True(File.Exists(Path.Combine(vm.ArtifactDir, "journal.txt")));
    }
}
