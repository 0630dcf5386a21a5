namespace Harness.Platforms.Qemu.Tests;

public sealed class QemuMachineTests
{
    [Fact]
    public void Exit_reasons_quote_the_code_and_the_output_tail()
    {
        Assert.Equal(
            "qemu exited with code 1: qemu-system-x86_64: -drive file=/x: Could not open '/x': No such file or directory",
            QemuMachine.DescribeExit(1, "qemu-system-x86_64: -drive file=/x: Could not open '/x': No such file or directory\n", stoppedByHarness: false));
        Assert.Equal("qemu exited with code 0 (the guest powered off)", QemuMachine.DescribeExit(0, "", stoppedByHarness: false));
        Assert.Equal("qemu was killed by signal 9", QemuMachine.DescribeExit(137, "", stoppedByHarness: false));
        Assert.Equal("qemu was shut down by the harness (machine disposed)", QemuMachine.DescribeExit(0, "", stoppedByHarness: true));
        Assert.Equal("qemu exited with code 0 (the guest powered off)", QemuMachine.DescribeExit(0, "", stoppedByHarness: false, "guest-shutdown"));
        Assert.Equal("qemu exited with code 0 (shutdown: host-signal)", QemuMachine.DescribeExit(0, "", stoppedByHarness: false, "host-signal"));
    }

    [Theory]
    [InlineData(0, "guest-reset", true)]
    [InlineData(0, "host-qmp-system-reset", true)]
    [InlineData(0, "guest-shutdown", false)]
    [InlineData(0, "host-qmp-quit", false)]
    [InlineData(0, "host-signal", false)]
    [InlineData(0, null, false)]
    [InlineData(1, "guest-reset", false)]
    [InlineData(137, null, false)]
    public void Only_an_exit_on_a_reset_starts_qemu_again(int exitCode, string? shutdownReason, bool powerCycle)
    {
        Assert.Equal(powerCycle, QemuMachine.ExitedOnReset(exitCode, shutdownReason));
    }

    [Fact]
    public void The_tail_keeps_the_last_lines()
    {
        Assert.Equal("c | d", QemuMachine.Tail("a\nb\n\nc\nd\n", 2));
    }

    [Fact]
    public void Versions_are_read_from_qemus_banner()
    {
        Assert.Equal("7.2.22", QemuPlatform.ParseVersion("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)"));
        Assert.Equal("", QemuPlatform.ParseVersion("something else"));
    }
}
