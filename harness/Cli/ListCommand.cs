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
        var globs = new Argument<string[]>("globs") { Description = "kola globs selecting tests (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var projects = new Option<string[]>("--project") { Description = "catalog project folder(s)", DefaultValueFactory = _ => ["tests/cl"], AllowMultipleArgumentsPerToken = true };
        var arch = new Option<string?>("--arch") { Description = "only tests that run on this architecture (amd64, arm64)" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        var command = new Command("list", "List the catalog's OS tests") { globs, projects, arch, json };
        command.SetAction(async (parse, ct) =>
        {
            var patterns = TestPatterns.Parse(string.Join(',', parse.GetValue(globs) is { Length: > 0 } g ? g : ["*"]));
            var wanted = parse.GetValue(arch)?.ToLowerInvariant();
            var entries = new List<CatalogEntry>();
            foreach (var project in parse.GetValue(projects)!)
            {
                entries.AddRange(CatalogAssembly.Read(await BuildAsync(project, ct)));
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

    /// <summary>Builds <paramref name="project"/> (Release) and returns its assembly's path.</summary>
    private static async Task<string> BuildAsync(string project, CancellationToken ct)
    {
        var folder = Path.GetFullPath(project);
        var csproj = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.csproj").FirstOrDefault() : null;
        if (csproj is null)
        {
            throw new IOException($"--project {project}: no .csproj in that folder; give a catalog project such as tests/cl");
        }

        var build = await ProcessRunner.Default.RunAsync(new ProcessSpec("dotnet", ["build", csproj, "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly;NoSummary"]), ct);
        if (!build.Succeeded)
        {
            throw new IOException($"dotnet build {project} failed (exit {build.ExitCode}):\n{build.Stdout}{build.Stderr}");
        }

        return Path.Combine(folder, "bin", "Release", "net10.0", Path.GetFileNameWithoutExtension(csproj) + ".dll");
    }
}
