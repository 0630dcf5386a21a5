using Harness.Ignition;

namespace Harness.Tests.Ignition;

public class IgnitionGoldenTests
{
    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Model_renders_as_its_golden_file(string name)
    {
        Golden.AssertMatches(Path.Combine(RepoPaths.Golden, "model", name + ".ign.json"), SampleConfigs.All[name]);
    }

    [Theory]
    [MemberData(nameof(ButaneSamples))]
    public void Butane_sample_translates_to_its_golden_file(string name)
    {
        var config = ButaneTranslator.TranslateFile(Path.Combine(RepoPaths.Golden, "butane", name + ".bu"));

        Golden.AssertMatches(Path.Combine(RepoPaths.Golden, "butane", name + ".ign.json"), config);
    }

    [Fact]
    public void Normalize_replaces_gzip_payloads_with_their_decompressed_bytes()
    {
        var config = IgnitionConfig.Empty.WithFile("/big", string.Concat(Enumerable.Repeat("abc ", 100)));
        Assert.Equal("gzip", config.Files[0].Contents!.Compression);

        var normalized = Golden.Normalize(config.ToJson());

        Assert.Contains("\"gzip+data:,abc%20abc%20", normalized, StringComparison.Ordinal);
    }

    public static TheoryData<string> SampleNames() => [.. SampleConfigs.All.Keys];

    public static TheoryData<string> ButaneSamples() =>
    [
        .. Directory.GetFiles(Path.Combine(RepoPaths.Golden, "butane"), "*.bu")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal),
    ];
}
