using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Catalog;
using Harness.Denylists;
using Harness.Ignition;
using Harness.Platforms;
using Harness.Reports;
using Harness.Settings;

namespace Harness.Cli;

/// <summary>
/// The options and arguments of every command, each with the validator that checks it while the command line is
/// parsed (part of <see cref="CliInput"/>'s one validation step): numbers in range, files that exist and parse
/// (Butane, Ignition, a denylist), valid globs, names, durations and addresses. Every problem is one line: the
/// option, the value, what is expected.
/// </summary>
internal static partial class CliOptions
{
    /// <summary>The architectures options accept.</summary>
    private static readonly string[] Arches = ["amd64", "arm64"];

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; anything else is a parse error naming the option.</summary>
    public static Option<int> Number(string name, string description, int defaultValue, int min, int max) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseNumber(r, name, min, max) ?? defaultValue,
        };

    /// <summary>Like <see cref="Number"/>, but null when the option is not given.</summary>
    public static Option<int?> OptionalNumber(string name, string description, int min, int max) =>
        new(name) { Description = description, CustomParser = r => ParseNumber(r, name, min, max) };

    /// <summary>An existing file; <paramref name="check"/> reads it and returns its problem, or null when it is fine.</summary>
    public static Option<FileInfo?> File(string name, string description, string kind, Func<string, string?>? check = null)
    {
        var option = new Option<FileInfo?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && FileProblem(name, r.Tokens[0].Value, kind, check) is { } problem)
            {
                r.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>An existing file with a default path (<c>--baseline-script</c>).</summary>
    public static Option<FileInfo> File(string name, string description, string kind, string defaultPath)
    {
        var option = new Option<FileInfo>(name) { Description = description, DefaultValueFactory = _ => new FileInfo(defaultPath) };
        option.Validators.Add(r =>
        {
            var path = r.Tokens.Count > 0 ? r.Tokens[0].Value : defaultPath;
            if (FileProblem(name, path, kind, null) is { } problem)
            {
                r.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>A Butane file (variant flatcar): it must exist and translate.</summary>
    public static Option<FileInfo?> ButaneFile(string name, string description) =>
        File(name, description, "Butane file", path => Problem<ButaneException>(() => ButaneTranslator.TranslateFile(path)));

    /// <summary>An Ignition 3.x JSON file: it must exist and parse as a config the harness can extend.</summary>
    public static Option<FileInfo?> IgnitionFile(string name, string description) =>
        File(name, description, "Ignition config", path => Problem<FormatException>(() => IgnitionConfig.Parse(System.IO.File.ReadAllText(path))));

    /// <summary>A YAML denylist: it must exist and parse (docs/results.md).</summary>
    public static Option<FileInfo?> DenylistFile(string name, string description) =>
        File(name, description, "denylist", path => Problem<DenylistException>(() => Denylist.Load(path)));

    /// <summary>A folder the command writes into: it may be missing (it is created), but it must not be a file.</summary>
    public static Option<string> OutputFolder(string name, string description, string defaultPath)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultPath };
        option.Validators.Add(r =>
        {
            var path = r.GetValueOrDefault<string>();
            if (System.IO.File.Exists(path))
            {
                r.AddError($"{name} '{path}': that is a file, not a folder: name a folder to write into (default {defaultPath})");
            }
        });
        return option;
    }

    /// <summary>Catalog project folders: each must exist and hold a .csproj.</summary>
    public static Option<string[]> Projects()
    {
        var option = new Option<string[]>("--project") { Description = "catalog project folder(s)", DefaultValueFactory = _ => ["tests/cl"], AllowMultipleArgumentsPerToken = true };
        option.Validators.Add(r =>
        {
            foreach (var project in r.GetValueOrDefault<string[]>())
            {
                if (!Directory.Exists(project) || Directory.GetFiles(project, "*.csproj").Length == 0)
                {
                    r.AddError($"--project '{project}': no such folder with a .csproj ({Path.GetFullPath(project)}): give a catalog project such as tests/cl");
                }
            }
        });
        return option;
    }

    /// <summary>Kola globs: each must be a valid pattern (whether it matches a test is checked against the catalog).</summary>
    public static Argument<string[]> Globs()
    {
        var argument = new Argument<string[]>("globs") { Description = "kola globs selecting tests (default: all)", Arity = ArgumentArity.ZeroOrMore };
        argument.Validators.Add(r =>
        {
            foreach (var glob in r.Tokens.Select(t => t.Value))
            {
                // A word that looks like an option is a mistyped option, not a pattern that matches nothing.
                if (glob.StartsWith('-'))
                {
                    r.AddError($"unknown command or option '{glob}' for `harness {(r.Parent as CommandResult)?.Command.Name}`: `--help` lists them");
                }
                else if (!KolaGlob.TryParse(glob, out _, out var error))
                {
                    r.AddError($"pattern '{glob}' is not a valid kola glob ({error}): use *, ?, [abc] as kola does, e.g. 'cl.ignition.*'");
                }
            }
        });
        return argument;
    }

    /// <summary>An architecture name (<c>amd64</c>, <c>arm64</c>), or null when not given.</summary>
    public static Option<string?> Arch(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !Arches.Contains(value.ToLowerInvariant()))
            {
                r.AddError($"{name} '{value}' is not an architecture: give {string.Join(" or ", Arches)}");
            }
        });
        return option;
    }

    /// <summary>A platform name (<see cref="PlatformFactory.KnownPlatforms"/>), or null when not given.</summary>
    public static Option<string?> Platform(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !PlatformFactory.KnownPlatforms.Contains(value.ToLowerInvariant()))
            {
                r.AddError($"{name} '{value}' is not a platform: give one of {string.Join(", ", PlatformFactory.KnownPlatforms)}");
            }
        });
        return option;
    }

    /// <summary>A positive duration as <see cref="DurationParser"/> reads it.</summary>
    public static Option<TimeSpan> Duration(string name, string description, string defaultText)
    {
        return new Option<TimeSpan>(name)
        {
            Description = description + $" (default {defaultText})",
            DefaultValueFactory = _ => DurationParser.TryParse(defaultText, out var d) ? d : throw new ArgumentException(defaultText, nameof(defaultText)),
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : defaultText;
                if (DurationParser.TryParse(text, out var duration) && duration > TimeSpan.Zero)
                {
                    return duration;
                }

                r.AddError($"{name} '{text}' is not valid: expected {DurationParser.Expected}, more than zero");
                return TimeSpan.Zero;
            },
        };
    }

    /// <summary>A machine name: it names a folder and the guest, so letters, digits, '-', '_' and '.' (not first), at most 63.</summary>
    public static Option<string> MachineName(string name, string defaultName)
    {
        var option = new Option<string>(name) { Description = "machine name", DefaultValueFactory = _ => defaultName };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is var value && !MachineNamePattern().IsMatch(value))
            {
                r.AddError($"{name} '{value}' is not a machine name: use letters, digits, '-', '_' and '.', starting with a letter or digit, at most 63 characters");
            }
        });
        return option;
    }

    /// <summary>The <c>OWNER/REPO#N</c> of a pull request; with it, <c>GITHUB_TOKEN</c> must be set.</summary>
    public static Option<string?> PullRequest(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } target)
            {
                return;
            }

            if (Problem<FormatException>(() => PullRequestComments.ParseTarget(target)) is { } problem)
            {
                r.AddError(problem);
            }
            else if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("GITHUB_TOKEN")))
            {
                r.AddError($"{name} {target} needs a token in GITHUB_TOKEN (with write access to the PR's comments): export GITHUB_TOKEN");
            }
        });
        return option;
    }

    /// <summary>
    /// An absolute http(s) address; when the option is not given, <paramref name="variable"/> is read (and checked) instead.
    /// </summary>
    public static Option<Uri?> HttpAddress(string name, string description, string variable) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = r => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } env ? ParseAddress(r, env, variable) : null,
            CustomParser = r => r.Tokens.Count == 0 ? null : ParseAddress(r, r.Tokens[0].Value, name),
        };

    /// <summary>Files or folders that must exist (the report's inputs).</summary>
    public static Argument<string[]> ExistingPaths(string name, string description)
    {
        var argument = new Argument<string[]>(name) { Description = description, Arity = ArgumentArity.ZeroOrMore };
        argument.Validators.Add(r =>
        {
            foreach (var path in r.Tokens.Select(t => t.Value).Where(p => !System.IO.File.Exists(p) && !Directory.Exists(p)))
            {
                r.AddError($"{path}: no such file or folder ({Path.GetFullPath(path)}): pass results.json files or folders holding them");
            }
        });
        return argument;
    }

    private static Uri? ParseAddress(ArgumentResult r, string text, string where)
    {
        var withSlash = text.EndsWith('/') ? text : text + "/";
        if (Uri.TryCreate(withSlash, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        r.AddError($"{where} '{text}' is not an http(s) address: give one like https://api.github.com/");
        return null;
    }

    private static int? ParseNumber(ArgumentResult r, string name, int min, int max)
    {
        if (r.Tokens.Count == 0)
        {
            return null;
        }

        var text = r.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        r.AddError($"{name} '{text}' is not valid: give a whole number from {min} to {max}");
        return null;
    }

    private static string? FileProblem(string name, string path, string kind, Func<string, string?>? check)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return $"{name} '{path}' is a folder: give the path of a {kind}";
        }

        if (!System.IO.File.Exists(full))
        {
            return $"{name} '{path}': file not found ({full}): give the path of a {kind}";
        }

        try
        {
            return check?.Invoke(full) is { } problem ? $"{name} '{path}': not a valid {kind}: {problem} (fix it or give another {kind})" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{name} '{path}': cannot be read ({e.Message}): fix its permissions";
        }
    }

    private static string? Problem<TException>(Action parse)
        where TException : Exception
    {
        try
        {
            parse();
            return null;
        }
        catch (TException e)
        {
            return e.Message.ReplaceLineEndings(" ");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex MachineNamePattern();
}
