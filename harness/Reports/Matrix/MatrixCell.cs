using Harness.Results;

namespace Harness.Reports;

/// <summary>All attempts of one test on one vendor, and their verdict (Flatcar's rule: ok iff one attempt passed).</summary>
/// <param name="Vendor">The column.</param>
/// <param name="Attempts">The attempts, by number.</param>
public sealed record MatrixCell(Vendor Vendor, IReadOnlyList<MatrixAttempt> Attempts)
{
    /// <summary>The verdict.</summary>
    public CellStatus Status
    {
        get
        {
            var failed = Attempts.Where(a => a.Result.Status == TestStatus.Failed).ToList();
            if (Attempts.Any(a => a.Result.Status == TestStatus.Passed))
            {
                return failed.Count > 0 ? CellStatus.Flaky : CellStatus.Passed;
            }

            if (failed.Count == 0)
            {
                return CellStatus.Skipped;
            }

            return failed.All(a => a.Result.WarnOnly) ? CellStatus.Warn : CellStatus.Failed;
        }
    }

    /// <summary>Numbers of the passed attempts.</summary>
    public IEnumerable<int> Passed => Attempts.Where(a => a.Result.Status == TestStatus.Passed).Select(a => a.Number);

    /// <summary>The failed attempts.</summary>
    public IEnumerable<MatrixAttempt> Failures => Attempts.Where(a => a.Result.Status == TestStatus.Failed);

    /// <summary>Total time of all attempts, in milliseconds.</summary>
    public long DurationMs => Attempts.Sum(a => a.Result.DurationMs);

    /// <summary>The skip reason of the last attempt when skipped, else null.</summary>
    public string? SkipReason => Status == CellStatus.Skipped ? Attempts[^1].Result.Message : null;

    /// <summary>The tracker link of a denylist entry that applied, if any.</summary>
    public string? Tracker => Attempts.Select(a => a.Result.Tracker).LastOrDefault(t => t is not null);
}
