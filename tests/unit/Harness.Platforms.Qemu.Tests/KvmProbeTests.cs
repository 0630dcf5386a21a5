namespace Harness.Platforms.Qemu.Tests;

public sealed class KvmProbeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    // What QEMU 7.2 printed on our build machines with OVMF under a broken nested KVM (it pauses instead of exiting).
    private const string InternalError = """
        qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.01H:ECX.pni [bit 0]
        KVM internal error. Suberror: 1
        extra data[0]: 0x0000000000000001
        extra data[1]: 0xed742dd9e3db9b0f
        emulation failure
        EAX=00000000 EBX=00807000 ECX=00000001 EDX=00807154
        """;

    private const string MsrAbort = """
        qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69
        qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion `ret == cpu->kvm_msr_buf->nmsrs' failed.
        """;

    private static KvmProbeObservation Seen(bool output = false, bool exited = false, int? code = null, string stderr = "", double seconds = 1) =>
        new(output, exited, code, stderr, TimeSpan.FromSeconds(seconds), Limit);

    [Fact]
    public void Firmware_output_without_errors_means_KVM_works()
    {
        var verdict = KvmProbe.Decide(Seen(output: true, stderr: "qemu-system-x86_64: warning: host doesn't support requested feature: X", seconds: 0.43));

        Assert.True(verdict.Kvm);
        Assert.Equal("KVM probe passed: firmware output after 0.4s", verdict.Reason);
    }

    [Fact]
    public void A_KVM_internal_error_fails_even_though_QEMU_keeps_running()
    {
        Assert.True(KvmProbe.ShowsFailure(InternalError));

        var verdict = KvmProbe.Decide(Seen(stderr: InternalError));

        Assert.False(verdict.Kvm);
        Assert.Equal("KVM probe failed: KVM internal error. Suberror: 1, emulation failure", verdict.Reason);
    }

    [Fact]
    public void Internal_error_wins_over_early_firmware_output()
    {
        Assert.False(KvmProbe.Decide(Seen(output: true, stderr: InternalError)).Kvm);
    }

    [Fact]
    public void An_MSR_abort_fails_with_the_error_line()
    {
        var verdict = KvmProbe.Decide(Seen(exited: true, code: 134, stderr: MsrAbort));

        Assert.False(verdict.Kvm);
        Assert.Equal("KVM probe failed: failed to set MSR 0x10a to 0x69", verdict.Reason);
    }

    [Fact]
    public void An_early_exit_quotes_the_exit_code_and_first_error()
    {
        var verdict = KvmProbe.Decide(Seen(exited: true, code: 1, stderr: "qemu-system-x86_64: warning: x\nqemu-system-x86_64: -accel kvm: could not open /dev/kvm: Permission denied\n"));

        Assert.False(verdict.Kvm);
        Assert.Equal("KVM probe failed: qemu exited with code 1: -accel kvm: could not open /dev/kvm: Permission denied", verdict.Reason);
    }

    [Fact]
    public void Silence_until_the_limit_fails()
    {
        var verdict = KvmProbe.Decide(Seen(seconds: 15));

        Assert.False(verdict.Kvm);
        Assert.Equal("KVM probe failed: no firmware output within 15s", verdict.Reason);
    }
}
