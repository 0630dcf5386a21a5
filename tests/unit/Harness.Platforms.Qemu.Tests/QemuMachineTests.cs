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
