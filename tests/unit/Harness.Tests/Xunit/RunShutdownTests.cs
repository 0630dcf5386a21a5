using Harness.Catalog;
using Harness.Results;
using Harness.Scheduling;
using Harness.Xunit;
using Harness.Xunit.Logging;
using Harness.Xunit.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Tests.Xunit;

/// <summary>What ending a run (process exit, a signal) does.</summary>
public sealed class RunShutdownTests
{
    [Fact]
    public async Task Shutdown_destroys_the_platform_stamps_the_end_and_deletes_the_secrets()
    {
        using var run = new InProcessRun();
        await run.RunAsync(nameof(SampleOsTests.Starts_a_machine));
        var secrets = (await run.Run.GetPlatformAsync()).Secrets.Path;
        Assert.True(Directory.Exists(secrets));

        run.Run.Shutdown("test");
        run.Run.Shutdown("again"); // idempotent

        Assert.True(run.Platform.Disposed);
        Assert.False(Directory.Exists(secrets));
        var results = ResultsJson.Deserialize(File.ReadAllText(Path.Combine(run.RunFolder, "results.json")));
        Assert.NotNull(results.Run.End);
        Assert.Single(results.Tests);
    }

    [Fact]
    public async Task Shutdown_destroys_machines_still_running()
    {
        using var run = new InProcessRun();
        var platform = await run.Run.GetPlatformAsync();
        var lease = await platform.Scheduler.AcquireAsync(new MachineDemand(512, 1), CancellationToken.None);
        Assert.Equal(1, platform.Scheduler.RunningMachines);

        using var deadline = new TestDeadline(TimeSpan.FromMinutes(1), TimeProvider.System, CancellationToken.None);
        using var log = new LogFile(Path.Combine(run.RunFolder, "live.log"));
        var context = new OsTestContext(new TestMetadata("sample.live"), run.RunFolder, deadline, NullLogger.Instance, log);
        var slot = new MachineSlot("sample-live-m1", lease, context, run.Run.Unregister);
        run.Run.Register(slot);
        Assert.Equal(1, run.Run.LiveMachines);

        run.Run.Shutdown("test");

        Assert.Equal(0, run.Run.LiveMachines);
        Assert.Equal(0, platform.Scheduler.RunningMachines);
    }
}
