using System.CommandLine;
using System.CommandLine.Parsing;
using Harness.Failures;
using Harness.Machines;
using Harness.Platforms;
using Harness.Settings;

namespace Harness.Cli;

/// <summary>
/// The command line's one validation step. Every option and argument of every command is declared through
/// <see cref="CliOptions"/>, whose validators run while the command line is parsed, and every command that reads the harness
/// settings declares it with <see cref="RequireSettings"/>; so all input — option values, the files they name (and
/// what is in them: Butane, Ignition, a denylist), the <c>HARNESS_*</c> settings and the platform's image, firmware
/// and binaries — is checked before any command action runs: no VM starts, no run folder is made. Program prints
/// each problem as one line (what, where, how to fix) and exits 2.
/// </summary>
internal static class CliInput
{
    /// <summary>What a command does with the settings, and so what must be valid before it runs.</summary>
    public enum SettingsUse
    {
        /// <summary>It boots nothing (<c>list</c>, <c>gc</c>): the settings as given must be valid, no image is needed.</summary>
        Read,

        /// <summary>It boots machines: the settings, the image and the platform (firmware, QEMU; Azure's variables).</summary>
        Boot,
    }

    /// <summary>Makes <paramref name="command"/> check the settings (and for <see cref="SettingsUse.Boot"/> the platform) at parse time.</summary>
    public static void RequireSettings(Command command, SettingsUse use) =>
        command.Validators.Add(result =>
        {
            foreach (var problem in SettingsProblems(use))
            {
                result.AddError(problem);
            }
        });

    /// <summary>The problems of this process's settings for <paramref name="use"/>, one line each; empty when they are valid.</summary>
    public static IReadOnlyList<string> SettingsProblems(SettingsUse use)
    {
        HarnessSettings settings;
        try
        {
            settings = HarnessSettingsLoader.FromEnvironment(imageRequired: use == SettingsUse.Boot);
        }
        catch (HarnessSettingsException e)
        {
            return e.Errors;
        }

        try
        {
            if (use == SettingsUse.Boot)
            {
                PlatformFactory.Validate(settings);
            }
            else
            {
                PlatformFactory.ValidateName(settings.Platform);
            }
        }
        catch (InfrastructureException e)
        {
            return [e.Message];
        }

        return [];
    }

    /// <summary>
    /// The lines to print for a command line that did not parse: one per problem, each naming what and where and how to
    /// fix it. An unknown command or option is one line pointing at <c>--help</c>.
    /// </summary>
    public static IEnumerable<string> ErrorLines(ParseResult parsed)
    {
        var path = "harness";
        for (var command = parsed.CommandResult; command.Parent is CommandResult parent; command = parent)
        {
            path = path.Insert("harness".Length, " " + command.Command.Name);
        }

        if (parsed.UnmatchedTokens.Count > 0)
        {
            yield return $"harness: unknown command or option '{parsed.UnmatchedTokens[0]}' for `{path}`: `{path} --help` lists them";
        }
        else if (parsed.CommandResult.Command is { Action: null, Subcommands.Count: > 0 })
        {
            yield return $"harness: `{path}` needs a command: `{path} --help` lists them";
        }

        foreach (var error in parsed.Errors.Where(e => !IsParserOwn(e.Message)))
        {
            yield return $"harness: {error.Message}";
        }
    }

    // System.CommandLine's own messages for the two cases above, which the lines above replace.
    private static bool IsParserOwn(string message) =>
        message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal)
        || message.StartsWith("Required command was not provided", StringComparison.Ordinal);
}
