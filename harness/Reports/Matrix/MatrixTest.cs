namespace Harness.Reports;

/// <summary>One row of the matrix: a test and its cell per vendor that has it.</summary>
/// <param name="Name">Kola-style test name.</param>
/// <param name="Cells">Cells in vendor order (vendors without this test are absent).</param>
public sealed record MatrixTest(string Name, IReadOnlyList<MatrixCell> Cells)
{
    /// <summary>The row's verdict: the most important of its cells' (failed before warn before flaky …).</summary>
    public CellStatus Status => Cells.Count == 0 ? CellStatus.Skipped : Cells.Min(c => c.Status);
}
