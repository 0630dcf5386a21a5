using Harness.Failures;
using Harness.Ignition;
using Harness.Machines;
using Harness.Processes;

namespace Harness.Tests.Ignition;

public class IgnitionValidatorTests
{
    private readonly IgnitionValidator _validator = new();

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task Rendered_model_samples_pass_ignition_validate(string name)
    {
        var result = await _validator.ValidateAsync(SampleConfigs.All[name]);

        Assert.True(result.IsValid, $"{name}: {result}");
    }

    [Theory]
    [MemberData(nameof(ButaneSamples))]
    public async Task Rendered_butane_samples_pass_ignition_validate(string name)
    {
        var config = ButaneTranslator.TranslateFile(Path.Combine(RepoPaths.Golden, "butane", name + ".bu"));

        var result = await _validator.ValidateAsync(config);

        Assert.True(result.IsValid, $"{name}: {result}");
    }

    [Fact]
    public async Task ValidateAsync_reports_errors_with_their_json_path()
    {
        var config = IgnitionConfig.Empty.WithFile("relative/path", "x").WithFile("relative/path", "y");

        var result = await _validator.ValidateAsync(config);

        Assert.False(result.IsValid);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.Errors, p => p.Message.Contains("$.storage.files.0.path", StringComparison.Ordinal)
            && p.Message.Contains("path not absolute", StringComparison.Ordinal));
        Assert.Contains(result.Errors, p => p.Message.Contains("duplicate entry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateJsonAsync_keeps_warnings_apart_from_errors()
    {
        var result = await _validator.ValidateJsonAsync("""{"ignition":{"version":"3.3.0"},"unknownField":1}""");

        Assert.True(result.IsValid, result.ToString());
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("unknownField", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateJsonAsync_rejects_text_that_is_not_json()
    {
        var result = await _validator.ValidateJsonAsync("{\"ignition\":");

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task ValidateAsync_without_the_tool_says_how_to_install_it()
    {
        var validator = new IgnitionValidator(toolPath: "/nonexistent/ignition-validate");

        var error = await Assert.ThrowsAsync<InfrastructureException>(
            () => validator.ValidateAsync(IgnitionConfig.Empty));

        Assert.Equal(
            "ignition-validate not found at /nonexistent/ignition-validate: install Debian package `ignition` (run_local_tests.sh does)",
            error.Message);
    }

    [Fact]
    public async Task ValidateAsync_turns_a_hung_tool_into_an_infrastructure_error()
    {
        var runner = new FakeRunner(spec => throw new ProcessTimeoutException(
            spec, spec.Timeout!.Value, spec.Timeout.Value, "", ""));
        var validator = new IgnitionValidator(runner, IgnitionValidator.DefaultToolPath, TimeSpan.FromSeconds(7));

        var error = await Assert.ThrowsAsync<InfrastructureException>(() => validator.ValidateAsync(IgnitionConfig.Empty));

        Assert.StartsWith("ignition-validate hung: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(7), runner.Specs.Single().Timeout);
    }

    [Fact]
    public async Task ValidateAsync_passes_the_rendered_config_in_a_temporary_file_and_deletes_it()
    {
        var config = SampleConfigs.Everything();
        string? seenText = null;
        var runner = new FakeRunner(spec =>
        {
            seenText = File.ReadAllText(spec.Arguments.Single());
            return new ProcessResult(1, "error at $.x, line 1 col 1: bad\n", "", TimeSpan.Zero);
        });
        var validator = new IgnitionValidator(runner);

        var result = await validator.ValidateAsync(config);

        var spec = runner.Specs.Single();
        Assert.Equal(IgnitionValidator.DefaultToolPath, spec.FileName);
        Assert.Equal(config.ToJson(), seenText);
        Assert.False(File.Exists(spec.Arguments.Single()));
        Assert.Equal("error at $.x, line 1 col 1: bad", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void ParseProblems_counts_a_silent_failure_as_an_error()
    {
        var problems = IgnitionValidator.ParseProblems(2, "\n");

        var problem = Assert.Single(problems);
        Assert.Equal(IgnitionProblemSeverity.Error, problem.Severity);
        Assert.Equal("ignition-validate exited 2 without naming an error", problem.Message);
    }

    [Fact]
    public void ParseProblems_sorts_lines_by_their_prefix()
    {
        var problems = IgnitionValidator.ParseProblems(
            1, "warning at $.a, line 1 col 2: Unused key a\nerror at $.b, line 1 col 3: bad\n");

        Assert.Equal(
            [IgnitionProblemSeverity.Warning, IgnitionProblemSeverity.Error],
            problems.Select(p => p.Severity));
    }

    public static TheoryData<string> SampleNames() => [.. SampleConfigs.All.Keys];

    public static TheoryData<string> ButaneSamples() => IgnitionGoldenTests.ButaneSamples();

    private sealed class FakeRunner(Func<ProcessSpec, ProcessResult> run) : IProcessRunner
    {
        public List<ProcessSpec> Specs { get; } = [];

        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
        {
            Specs.Add(spec);
            return Task.FromResult(run(spec));
        }
    }
}
