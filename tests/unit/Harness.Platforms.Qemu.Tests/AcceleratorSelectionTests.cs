using System.Runtime.InteropServices;
using Harness.Machines;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Platforms.Qemu.Tests;

public sealed class AcceleratorSelectionTests : IDisposable
{
    private readonly TempDir _dir = new("hq-accel");

    public void Dispose() => _dir.Dispose();

    private sealed class FakeRunner(KvmProbeObservation observation) : IKvmProbeRunner
    {
        public int Runs { get; private set; }

        public async Task<KvmProbeObservation> RunAsync(CancellationToken cancellationToken)
        {
            Runs++;
            await Task.Delay(1, cancellationToken);
            return observation;
        }
    }

    private static readonly KvmProbeObservation Works = new(true, false, null, "", TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(15));
    private static readonly KvmProbeObservation Broken = new(false, false, null, "KVM internal error. Suberror: 1\nemulation failure\n", TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds(15));

    private AcceleratorCache Cache() => new(_dir.File("accelerator-cache.json"), TimeProvider.System, NullLogger.Instance);

    private Task<AcceleratorVerdict> Select(FakeRunner runner, QemuAccelerator choice = QemuAccelerator.Auto, Arch guest = Arch.Amd64,
        Architecture host = Architecture.X64, string? deviceProblem = null, string key = "qemu|7.2|6.1|amd64", CancellationToken cancellationToken = default) =>
        AcceleratorSelection.SelectAsync(choice, guest, host, () => deviceProblem, Cache(), key, runner, NullLogger.Instance, cancellationToken);

    [Fact]
    public async Task Forced_choices_skip_the_probe()
    {
        var runner = new FakeRunner(Works);

        Assert.Equal(new AcceleratorVerdict(false, "forced by HARNESS_ACCEL=tcg"), await Select(runner, QemuAccelerator.Tcg));
        Assert.Equal(new AcceleratorVerdict(true, "forced by HARNESS_ACCEL=kvm"), await Select(runner, QemuAccelerator.Kvm, deviceProblem: "no /dev/kvm"));
        Assert.Equal(0, runner.Runs);
    }

    [Fact]
    public async Task A_foreign_guest_architecture_means_tcg()
    {
        var verdict = await Select(new FakeRunner(Works), guest: Arch.Arm64, host: Architecture.X64);

        Assert.Equal(new AcceleratorVerdict(false, "guest arm64 on a x64 host: KVM needs the host's architecture"), verdict);
    }

    [Fact]
    public async Task An_inaccessible_kvm_device_means_tcg_with_the_reason()
    {
        var verdict = await Select(new FakeRunner(Works), deviceProblem: "/dev/kvm: permission denied (add the user to group kvm to use KVM)");

        Assert.False(verdict.Kvm);
        Assert.StartsWith("/dev/kvm: permission denied", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verdict_is_cached_per_key()
    {
        var runner = new FakeRunner(Broken);

        var first = await Select(runner);
        var second = await Select(runner);
        var otherKernel = await Select(runner, key: "qemu|7.2|6.12|amd64");

        Assert.Equal("KVM probe failed: KVM internal error. Suberror: 1, emulation failure", first.Reason);
        Assert.False(second.Kvm);
        Assert.StartsWith("KVM probe failed: KVM internal error. Suberror: 1, emulation failure; cached ", second.Reason, StringComparison.Ordinal);
        Assert.Contains("accelerator-cache.json", second.Reason, StringComparison.Ordinal);
        Assert.False(otherKernel.Kvm);
        Assert.Equal(2, runner.Runs);
    }

    [Fact]
    public async Task A_passing_probe_is_cached_as_kvm()
    {
        var runner = new FakeRunner(Works);

        await Select(runner);
        var cached = await Select(runner);

        Assert.True(cached.Kvm);
        Assert.Equal(1, runner.Runs);
    }

    [Fact]
    public async Task A_cancelled_probe_caches_nothing()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Select(new FakeRunner(Works), cancellationToken: cts.Token));

        Assert.False(File.Exists(_dir.File("accelerator-cache.json")));
    }

    [Fact]
    public void A_corrupt_cache_is_a_miss()
    {
        File.WriteAllText(_dir.File("accelerator-cache.json"), "{ not json");

        Assert.Null(Cache().TryGet("k"));
    }

    [Fact]
    public void A_missing_device_is_reported_as_such()
    {
        Assert.Equal("no /nonexistent/kvm (KVM not available on this host)", AcceleratorSelection.KvmDeviceProblem("/nonexistent/kvm"));
    }
}
