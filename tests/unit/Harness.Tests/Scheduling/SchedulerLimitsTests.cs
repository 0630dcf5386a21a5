using Harness.Scheduling;

namespace Harness.Tests.Scheduling;

public sealed class SchedulerLimitsTests
{
    [Fact]
    public void Software_emulation_runs_one_machine_per_core()
    {
        var limits = SchedulerLimits.Compute(new FakeHost(24 * 1024, 2), parallel: null, accelerated: false);
        Assert.Equal(2, limits.MaxMachines);
        Assert.Equal((24 * 1024) - 2048, limits.MemoryBudgetMiB);
        Assert.Contains("2 cores (software emulation", limits.Explanation, StringComparison.Ordinal);
        Assert.Equal(2, limits.VirtualCpuBudget);
    }

    [Fact]
    public void Only_software_emulation_without_an_explicit_parallel_setting_has_a_virtual_CPU_budget()
    {
        Assert.Null(SchedulerLimits.Compute(new FakeHost(64 * 1024, 4), null, accelerated: true).VirtualCpuBudget);
        Assert.Null(SchedulerLimits.Compute(new FakeHost(64 * 1024, 4), parallel: 3, accelerated: false).VirtualCpuBudget);
    }

    [Fact]
    public void Only_a_derived_machine_cap_is_soft()
    {
        Assert.True(SchedulerLimits.Compute(new FakeHost(24 * 1024, 2), parallel: null, accelerated: false).SoftMachineCap);
        Assert.False(SchedulerLimits.Compute(new FakeHost(24 * 1024, 2), parallel: 1, accelerated: false).SoftMachineCap);
    }

    [Fact]
    public void Hardware_acceleration_runs_two_machines_per_core()
    {
        Assert.Equal(8, SchedulerLimits.Compute(new FakeHost(64 * 1024, 4), null, accelerated: true).MaxMachines);
    }

    [Fact]
    public void Harness_parallel_overrides_the_count_but_not_the_memory()
    {
        var limits = SchedulerLimits.Compute(new FakeHost(4096, 2), parallel: 10, accelerated: false);
        Assert.Equal(10, limits.MaxMachines);
        Assert.Equal(2048, limits.MemoryBudgetMiB);
        Assert.Contains("HARNESS_PARALLEL=10", limits.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Less_memory_than_the_reserve_leaves_no_budget()
    {
        Assert.Equal(0, SchedulerLimits.Compute(new FakeHost(1024, 2), null, false).MemoryBudgetMiB);
    }

    [Fact]
    public void Meminfo_is_parsed_in_mebibytes()
    {
        const string meminfo = "MemTotal:       24684292 kB\nMemFree:        23945000 kB\nMemAvailable:   24330000 kB\nBuffers:            2100 kB\n";
        Assert.Equal(24330000 / 1024, ProcHostResources.ParseMemAvailable(meminfo));
        Assert.Null(ProcHostResources.ParseMemAvailable("MemTotal: 1 kB\n"));
    }

    [Fact]
    public void The_real_host_reports_memory()
    {
        Assert.True(new ProcHostResources().AvailableMemoryMiB() > 0);
        Assert.Null(new ProcHostResources("/nonexistent/meminfo").AvailableMemoryMiB());
    }
}
