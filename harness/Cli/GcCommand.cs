using System.CommandLine;
using Harness.Platforms;
using Harness.Settings;
using Microsoft.Extensions.Logging;

namespace Harness.Cli;

/// <summary>
/// <c>harness gc --older-than 6h</c>: deletes cloud resource groups leaked by dead runs — only those tagged
/// <c>created-by=harness</c> whose <c>expires-at</c> has passed or that are older than the limit.
/// </summary>
internal static class GcCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var olderThan = CliOptions.Duration("--older-than", "delete groups created longer ago than this (6h, 90m, 1h30m)", "6h");
        var platform = CliOptions.Platform("--platform", "platform to clean (default: HARNESS_PLATFORM)");
        var dryRun = new Option<bool>("--dry-run") { Description = "only say what would be deleted" };
        var command = new Command("gc", "Delete expired cloud resources of dead harness runs (only those carrying the harness's tag)") { olderThan, platform, dryRun };
        CliInput.RequireSettings(command, CliInput.SettingsUse.Read);
        command.SetAction(async (parse, ct) =>
        {
            var limit = parse.GetValue(olderThan);
            var name = parse.GetValue(platform) ?? Environment.GetEnvironmentVariable(PlatformFactory.PlatformSetting) ?? "qemu";
            using var logging = LoggerFactory.Create(b => b
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
                .SetMinimumLevel(parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Warning));
            foreach (var line in await PlatformFactory.CollectGarbageAsync(name, limit, parse.GetValue(dryRun), logging, ct))
            {
                Console.WriteLine(line);
            }

            return 0;
        });
        return command;
    }
}
