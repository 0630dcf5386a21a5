using System.CommandLine;
using System.Text.Json;
using Harness.Catalog;
using Harness.Processes;

namespace Harness.Cli;

/// <summary><c>harness list</c>: the OS tests of the catalog projects (built if needed), filtered by kola globs and arch.</summary>
internal static class ListCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var globs = CliOptions.Globs();
        var projects = CliOptions.Projects();
        var arch = CliOptions.Arch("--arch", "only tests that run on this architecture (amd64, arm64)");
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        var check = new Option<bool>("--check") { Description = "only check that every glob matches a test (exit 2 naming the first that does not)" };
        var noBuild = new Option<bool>("--no-build") { Description = "read the projects' Release builds as they are" };
        var command = new Command("list", "List the catalog's OS tests") { globs, projects, arch, json, check, noBuild };
        CliInput.RequireSettings(command, CliInput.SettingsUse.Read);
        command.SetAction(async (parse, ct) =>
        {
            var patterns = TestPatterns.Parse(string.Join(',', parse.GetValue(globs) is { Length: > 0 } g ? g : ["*"]));
            var wanted = parse.GetValue(arch)?.ToLowerInvariant();
            var entries = await ReadAsync(parse.GetValue(projects)!, !parse.GetValue(noBuild), ct);
            if (parse.GetValue(check))
            {
                return Check(patterns, entries, parse.GetValue(projects)!);
            }

            var selected = entries
                .Where(e => patterns.Matches(e.Name))
                .Where(e => wanted is null || e.Architectures.Count == 0 || e.Architectures.Contains(wanted))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(selected, Json));
                return 0;
            }

            foreach (var e in selected)
            {
                var facts = new List<string>();
                if (e.Architectures.Count > 0)
                {
                    facts.Add("arch " + string.Join('/', e.Architectures));
                }

                if (e.Requires != "None")
                {
                    facts.Add("requires " + e.Requires);
                }

                if (e.MinVersion is { } min)
                {
                    facts.Add("min " + min);
                }

                if (e.TimeoutSeconds is { } seconds)
                {
                    facts.Add($"timeout {seconds}s");
                }

                if (e.Skip is { } skip)
                {
                    facts.Add("skip: " + skip);
                }

                Console.WriteLine($"{e.Name,-40} {string.Join("; ", facts)}");
            }

            Console.Error.WriteLine($"{selected.Count} of {entries.Count} tests");
            return 0;
        });
        return command;
    }

    /// <summary>The OS tests of <paramref name="projects"/>, each built first (Release) when <paramref name="build"/>.</summary>
    internal static async Task<IReadOnlyList<CatalogEntry>> ReadAsync(IEnumerable<string> projects, bool build, CancellationToken ct)
    {
        var entries = new List<CatalogEntry>();
        foreach (var project in projects)
        {
            entries.AddRange(CatalogAssembly.Read(await AssemblyAsync(project, build, ct)));
        }

        return entries;
    }

    /// <summary>
    /// 0 when every pattern matches a test of <paramref name="entries"/>; otherwise one line on stderr naming the first
    /// that does not, and 2 (bad input).
    /// </summary>
    internal static int Check(TestPatterns patterns, IReadOnlyList<CatalogEntry> entries, IEnumerable<string> projects)
    {
        if (patterns.FirstUnmatched(entries.Select(e => e.Name)) is not { } unmatched)
        {
            return 0;
        }

        Console.Error.WriteLine(
            $"harness: pattern '{unmatched.Pattern}' matches no test in {string.Join(", ", projects)} ({entries.Count} tests); "
            + "`./harness.sh list --project …` shows their names");
        return 2;
    }

    /// <summary>Builds <paramref name="project"/> (Release) when asked and returns its assembly's path.</summary>
    private static async Task<string> AssemblyAsync(string project, bool build, CancellationToken ct)
    {
        var folder = Path.GetFullPath(project);
        var csproj = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.csproj").FirstOrDefault() : null;
        if (csproj is null)
        {
            throw new IOException($"--project {project}: no .csproj in that folder; give a catalog project such as tests/cl");
        }

        var assembly = Path.Combine(folder, "bin", "Release", "net10.0", Path.GetFileNameWithoutExtension(csproj) + ".dll");
        if (!build)
        {
            return File.Exists(assembly) ? assembly : throw new IOException($"--project {project}: {assembly} is not built; run dotnet build -c Release");
        }

        var result = await ProcessRunner.Default.RunAsync(new ProcessSpec("dotnet", ["build", csproj, "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly;NoSummary"]), ct);
        if (!result.Succeeded)
        {
            throw new IOException($"dotnet build {project} failed (exit {result.ExitCode}):\n{result.Stdout}{result.Stderr}");
        }

        return assembly;
    }
}
