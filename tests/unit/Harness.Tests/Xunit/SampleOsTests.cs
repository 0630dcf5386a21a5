using Harness.Machines;
using Harness.Xunit;

namespace Harness.Tests.Xunit;

/// <summary>
/// OS tests the glue tests run in-process against <see cref="FakePlatform"/>. Abstract, so xunit does not run them as
/// tests of this assembly; <see cref="RunnableSampleOsTests"/> is the (internal, undiscovered) class that runs them.
/// </summary>
public abstract class SampleOsTests
{
    public static readonly MachineSpec Raw = MachineSpec.Default.WithRawIgnition("{}");

    [OsTest("sample.pass")]
    public Task Passes() => Task.CompletedTask;

    [OsTest("sample.skipped-statically", Skip = "waiting for the widget fix")]
    public Task Skipped_by_attribute() => throw new InvalidOperationException("must not run");

    [OsTest("sample.fail")]
    public Task Fails()
    {
        Assert.Fail("the widget is missing");
        return Task.CompletedTask;
    }

    [OsTest("sample.skip-at-runtime")]
    public Task Skips_itself()
    {
        Skip.If(true, "no widget on this image");
        return Task.CompletedTask;
    }

    [OsTest("sample.private-network", Requires = PlatformCapabilities.PrivateNetwork)]
    public Task Needs_a_private_network() => throw new InvalidOperationException("must not run");

    [OsTest("sample.partly-image-file")]
    public async Task Checks_the_image_file_only_where_machines_boot_from_it()
    {
        if (await Session.PlatformAllowsAsync(PlatformCapabilities.ImageFile, "the widget's size against the image file"))
        {
            Assert.Fail("the fake platform boots no image file");
        }
    }

    [OsTest("sample.arm64-only", Architectures = [Arch.Arm64])]
    public Task Needs_arm64() => throw new InvalidOperationException("must not run");

    [OsTest("sample.newer", MinVersion = "2.0.0")]
    public Task Needs_a_newer_image() => throw new InvalidOperationException("must not run");

    [OsTest("sample.machine")]
    public async Task Starts_a_machine()
    {
        var context = OsTestContext.Current!;
        await using var vm = await Session.StartAsync(Raw);
        Assert.Equal("sample-machine-m1", vm.Name);
        Assert.Equal(Path.Combine(context.ArtifactDirectory, "sample-machine-m1"), vm.ArtifactDir);
        Assert.Same(vm, Assert.Single(context.Machines));
    }

    [OsTest("sample.fails-with-machine")]
    public async Task Fails_with_a_machine()
    {
        await using var vm = await Session.StartAsync(Raw);
        Assert.Fail("the widget is missing");
    }

    [OsTest("sample.forgets")]
    public async Task Forgets_to_dispose()
    {
        await Session.StartAsync(Raw);
        await Session.StartAsync(Raw);
    }

    [OsTest("sample.panics")]
    public async Task Machine_panics()
    {
        await using var vm = await Session.StartAsync(Raw.WithName("panicky"));
    }

    [OsTest("sample.panics-allowed")]
    [AllowConsole("kernel-panic", Reason = "the test panics the kernel on purpose")]
    public async Task Machine_panics_on_purpose()
    {
        await using var vm = await Session.StartAsync(Raw.WithName("panicky"));
    }

    [OsTest("sample.slow", TimeoutSeconds = 1)]
    public async Task Too_slow()
    {
        await using var vm = await Session.StartAsync(Raw);
        await Task.Delay(Timeout.InfiniteTimeSpan, OsTestContext.Current!.CancellationToken);
    }

    [OsTest("sample.cluster")]
    public async Task Starts_a_cluster()
    {
        var machines = await Session.StartClusterAsync(2, Raw);
        Assert.Equal(["sample-cluster-m1", "sample-cluster-m2"], machines.Select(m => m.Name));
        foreach (var machine in machines)
        {
            await machine.DisposeAsync();
        }
    }

    [OsTest("sample.cluster-of-three")]
    public async Task Starts_a_cluster_of_three()
    {
        var machines = await Session.StartClusterAsync(3, Raw);
        Assert.Equal(3, machines.Count);
        foreach (var machine in machines)
        {
            await machine.DisposeAsync();
        }
    }

    [OsTest("sample.bad-allow")]
    [AllowConsole("no-such-check", Reason = "typo")]
    public Task Allows_an_unknown_check() => Task.CompletedTask;

    [OsTest("sample.bad-version", MinVersion = "two")]
    public Task Has_a_bad_minimum_version() => Task.CompletedTask;
}
