using Harness.Ignition;
using Xunit.Abstractions;

namespace Harness.Tests.Ignition;

/// <summary>
/// Every Butane file of the catalog (<c>*.bu</c> under the repository's <c>tests/</c> folders), with what the harness
/// injects, must pass <c>ignition-validate</c>; files in a folder named <c>invalid</c> must fail translation or
/// validation instead. A missing <c>ignition-validate</c> fails these tests rather than skipping them.
/// </summary>
public class CatalogConfigTests(ITestOutputHelper output)
{
    private readonly IgnitionValidator _validator = new();

    /// <summary>Templates whose placeholders are not valid Butane as they stand (a URL, a hash): rendered with these first.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> TemplateSamples = new()
    {
        [Path.Combine("tests", "cl", "ignition", "remote.bu")] = new()
        {
            ["BASE_URL"] = "http://10.0.2.2:8080",
            ["PLAIN_SHA512"] = new string('0', 128),
        },
    };

    [Fact]
    public async Task CatalogConfigs_pass_ignition_validate()
    {
        var files = CatalogFiles().Where(f => !IsInvalidSample(f)).ToList();
        Assert.NotEmpty(files);

        var failures = new List<string>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(RepoPaths.Root, file);
            IgnitionConfig config;
            try
            {
                config = SampleConfigs.HarnessInjected(TemplateSamples.TryGetValue(relative, out var values)
                    ? ButaneTemplate.TranslateFile(file, values)
                    : ButaneTranslator.TranslateFile(file));
            }
            catch (ButaneException e)
            {
                failures.Add($"{relative}: translation failed: {e.Message}");
                continue;
            }
            var result = await _validator.ValidateAsync(config);
            if (!result.IsValid)
            {
                failures.Add($"{relative}: ignition-validate failed: {string.Join("; ", result.Errors)}");
            }
            foreach (var warning in result.Warnings)
            {
                output.WriteLine($"{relative}: {warning.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        output.WriteLine($"{files.Count} catalog configs pass ignition-validate");
    }

    [Fact]
    public async Task InvalidCatalogConfigs_fail_translation_or_validation()
    {
        var files = CatalogFiles().Where(IsInvalidSample).ToList();
        Assert.NotEmpty(files);

        var accepted = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var result = await _validator.ValidateAsync(
                    SampleConfigs.HarnessInjected(ButaneTranslator.TranslateFile(file)));
                if (result.IsValid)
                {
                    accepted.Add(Path.GetRelativePath(RepoPaths.Root, file));
                }
            }
            catch (ButaneException e)
            {
                output.WriteLine(e.Message);
            }
        }

        Assert.True(
            accepted.Count == 0,
            "these configs are in an `invalid` folder but translate and validate: " + string.Join(", ", accepted));
    }

    [Fact]
    public void Catalog_search_skips_build_outputs_and_finds_the_golden_samples()
    {
        var files = CatalogFiles().Select(f => Path.GetRelativePath(RepoPaths.Root, f)).ToList();

        Assert.Contains(Path.Combine("tests", "unit", "Harness.Tests", "Ignition", "golden", "butane", "basic.bu"), files);
        Assert.DoesNotContain(files, f => f.Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"));
    }

    private static IEnumerable<string> CatalogFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests"), "*.bu", SearchOption.AllDirectories)
            .Where(f => !Segments(f).Any(s => s is "bin" or "obj"))
            // The kubeadm catalog's Butane files are templates (a URL placeholder is not valid as is): KubeadmConfigTests
            // renders every cell of its matrix and validates those.
            .Where(f => !Segments(f).SequenceEqual(["tests", "kubeadm", "configs"]))
            .Order(StringComparer.Ordinal);

    private static bool IsInvalidSample(string file) => Segments(file).Contains("invalid");

    private static string[] Segments(string file) =>
        Path.GetRelativePath(RepoPaths.Root, Path.GetDirectoryName(file)!).Split(Path.DirectorySeparatorChar);
}
