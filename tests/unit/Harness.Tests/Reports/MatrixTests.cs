using Harness.Reports;
using Harness.Results;

namespace Harness.Tests.Reports;

public sealed class MatrixTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-matrix-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Merges_runs_into_cells_with_attempts_numbered_across_runs_of_a_vendor()
    {
        var matrix = Matrix.From(ReportSamples.Sources());

        Assert.Equal(["qemu_uefi-amd64", "qemu_uefi-arm64"], matrix.Vendors.Select(v => v.Label(false)));
        var broken = matrix.Tests.Single(t => t.Name == "cl.broken");
        Assert.Equal(CellStatus.Failed, broken.Status);
        Assert.Equal([1, 2, 3], broken.Cells[0].Attempts.Select(a => a.Number)); // the second amd64 run's attempt 1 is attempt 3
        Assert.Equal(CellStatus.Passed, broken.Cells[1].Status);
        Assert.Equal(CellStatus.Flaky, matrix.Tests.Single(t => t.Name == "cl.flaky").Status);
        Assert.Equal(CellStatus.Warn, matrix.Tests.Single(t => t.Name == "cl.known").Status);
        Assert.Equal(CellStatus.Skipped, matrix.Tests.Single(t => t.Name == "cl.snoozed").Status);
        Assert.False(matrix.Ok);
    }

    [Fact]
    public void Tests_of_separate_runs_of_one_vendor_each_start_at_attempt_one()
    {
        // one CI cell runs the cl and the sysext projects, each writing its own results.json; neither test ran twice
        ResultsSource[] sources =
        [
            new(new ResultsDocument(ReportSamples.Run("amd64"),
            [
                new TestResult("cl.basic", TestStatus.Failed, 1, 60_000, "first try failed", []),
                new TestResult("cl.basic", TestStatus.Passed, 2, 60_000, null, []),
            ]), null),
            new(new ResultsDocument(ReportSamples.Run("amd64", minutes: 20), [new TestResult("sysext.simple", TestStatus.Passed, 1, 60_000, null, [])]), null),
            new(new ResultsDocument(ReportSamples.Run("amd64", minutes: 40), [new TestResult("cl.basic", TestStatus.Passed, 1, 60_000, null, [])]), null),
        ];

        var matrix = Matrix.From(sources);

        Assert.Equal([1], matrix.Tests.Single(t => t.Name == "sysext.simple").Cells[0].Attempts.Select(a => a.Number));
        Assert.Equal([1, 2, 3], matrix.Tests.Single(t => t.Name == "cl.basic").Cells[0].Attempts.Select(a => a.Number));
        Assert.Contains("Succeeded: qemu_uefi-amd64 (1)", MarkdownReport.Render(matrix), StringComparison.Ordinal);
    }

    [Fact]
    public void Results_files_of_one_cell_are_one_run_whose_numbers_are_the_tests_attempts()
    {
        // .ci/run's cell: the cl project (cl.basic rerun once) and the sysext project each wrote a results.json of the
        // same channel/platform/arch/version; given here sysext first. A nightly's second version of the same column
        // ran cl.basic too: a run of its own, not a third attempt of the first.
        var cl = new ResultsDocument(ReportSamples.Run("amd64"),
        [
            new TestResult("cl.basic", TestStatus.Failed, 1, 60_000, "first try failed", []),
            new TestResult("cl.basic", TestStatus.Passed, 2, 60_000, null, []),
            new TestResult("cl.ignition.v3", TestStatus.Passed, 1, 60_000, null, []),
        ]);
        var sysext = new ResultsDocument(ReportSamples.Run("amd64", minutes: 20), [new TestResult("sysext.simple", TestStatus.Passed, 1, 60_000, null, [])]);
        var nextVersion = new ResultsDocument(ReportSamples.Run("amd64", minutes: 50) with { ImageVersion = "4460.0.0" }, [new TestResult("cl.basic", TestStatus.Passed, 1, 60_000, null, [])]);

        var matrix = Matrix.From([new(sysext, null), new(nextVersion, null), new(cl, null)]);

        Assert.Equal([1], Numbers(matrix, "sysext.simple"));
        Assert.Equal([1], Numbers(matrix, "cl.ignition.v3"));
        Assert.Equal([1, 1, 2], Numbers(matrix, "cl.basic"));
        Assert.DoesNotContain("(3)", MarkdownReport.Render(matrix), StringComparison.Ordinal);
    }

    private static IEnumerable<int> Numbers(Matrix matrix, string test) =>
        matrix.Tests.Single(t => t.Name == test).Cells.Single().Attempts.Select(a => a.Number);

    [Fact]
    public void Markdown_puts_the_summary_first_and_one_line_per_vendor_with_attempts()
    {
        var runFolder = Path.Combine(_dir, "run");
        Directory.CreateDirectory(Path.Combine(runFolder, "cl.broken~2", "cl-broken-m1"));
        File.WriteAllLines(Path.Combine(runFolder, "cl.broken~2", "cl-broken-m1", "console.txt"), ["Booting", "fine", "Kernel panic - not syncing: VFS", "end"]);

        var md = MarkdownReport.Render(Matrix.From(ReportSamples.Sources(runFolder)));
        var lines = md.Split('\n');

        Assert.Equal(MarkdownReport.Marker, lines[0]);
        Assert.Equal("### Test report for 4459.0.0 / amd64, arm64", lines[1]);
        Assert.StartsWith("**❌ 1 test(s) failed** — 5 tests: 1 failed · 1 warn-only · 1 flaky · 1 passed · 1 skipped", lines[3], StringComparison.Ordinal);
        Assert.Contains("❌ not ok **cl.broken**\n- ❌ Failed: qemu_uefi-amd64 (1, 2, 3)\n- 🟢 Succeeded: qemu_uefi-arm64 (1)\n", md, StringComparison.Ordinal);
        Assert.Contains("- 🟡 Succeeded: qemu_uefi-amd64 (2); Failed: qemu_uefi-amd64 (1)", md, StringComparison.Ordinal);
        Assert.Contains("- ⚠️ Failed (warn-only): qemu_uefi-amd64 (1); tracked in https://github.com/flatcar/Flatcar/issues/629", md, StringComparison.Ordinal);
        Assert.Contains("- ⏭️ Skipped: qemu_uefi-amd64 — denylisted until 2026-12-31 by 'cl.snoozed'", md, StringComparison.Ordinal);
        Assert.Contains("<details><summary>Diagnostic output for qemu_uefi-amd64, run 3</summary>", md, StringComparison.Ordinal);
        Assert.True(md.IndexOf("#### ❌ Failed", StringComparison.Ordinal) < md.IndexOf("#### 🟢 Passed", StringComparison.Ordinal));
    }

    [Fact]
    public void Failure_details_quote_the_console_lines_the_check_points_at()
    {
        var runFolder = Path.Combine(_dir, "run");
        var machine = Path.Combine(runFolder, "cl.broken", "cl-broken-m1");
        Directory.CreateDirectory(machine);
        File.WriteAllLines(Path.Combine(machine, "console.txt"), ["Booting", "fine", "Kernel panic - not syncing: VFS", "end"]);
        var attempt = Matrix.From(ReportSamples.Sources(runFolder)).Tests.Single(t => t.Name == "cl.broken").Cells[0].Attempts[0];

        var excerpt = Excerpts.For(attempt);

        Assert.NotNull(excerpt);
        Assert.StartsWith("cl-broken-m1/console.txt from line 1:", excerpt, StringComparison.Ordinal);
        Assert.Contains("Kernel panic - not syncing: VFS", excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_failing_run_still_fits_a_GitHub_comment_keeping_summary_and_failures()
    {
        var runFolder = Path.Combine(_dir, "huge");
        var message = string.Concat(Enumerable.Repeat("the widget exploded in a very long way; ", 300));
        var tests = new List<TestResult>();
        for (var i = 0; i < 3000; i++)
        {
            var name = $"cl.huge.t{i:0000}";
            var status = i % 3 == 0 ? TestStatus.Passed : TestStatus.Failed;
            tests.Add(new TestResult(name, status, 1, 1000, status == TestStatus.Failed ? message : null, ["m1"]) { Folder = name });
            if (i < 50)
            {
                Directory.CreateDirectory(Path.Combine(runFolder, name, "m1"));
                File.WriteAllLines(Path.Combine(runFolder, name, "m1", "console.txt"), Enumerable.Range(0, 500).Select(n => $"console line {n} {new string('x', 100)}"));
            }
        }

        var matrix = Matrix.From([new ResultsSource(new ResultsDocument(ReportSamples.Run("amd64"), tests), runFolder)]);
        var md = MarkdownReport.Render(matrix);

        Assert.InRange(md.Length, 1, MarkdownReport.GitHubLimit);
        Assert.StartsWith(MarkdownReport.Marker, md, StringComparison.Ordinal);
        Assert.Contains("**❌ 2000 test(s) failed**", md, StringComparison.Ordinal);
        Assert.Contains("not ok **cl.huge.t0001**", md, StringComparison.Ordinal); // failures come first, details go before they do

        var small = MarkdownReport.Render(Matrix.From([new ResultsSource(new ResultsDocument(ReportSamples.Run("amd64"), tests.Take(30).ToList()), runFolder)]));
        Assert.Contains("<details>", small, StringComparison.Ordinal); // a small run keeps its details
        Assert.Contains("console line 499", small, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_are_read_from_files_and_folders_and_bad_ones_are_named()
    {
        var run = Path.Combine(_dir, "runs", "20261201-100000-aaaa");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "results.json"), ResultsJson.Serialize(ReportSamples.Sources()[0].Document));

        Assert.Single(ResultsSource.Load([Path.Combine(_dir, "runs")]));
        Assert.Contains("no such file or folder", Assert.Throws<IOException>(() => ResultsSource.Load([Path.Combine(_dir, "nope")])).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(run, "results.json"), "[1]");
        Assert.Contains("not a results.json document", Assert.Throws<IOException>(() => ResultsSource.Load([run])).Message, StringComparison.Ordinal);
    }
}
