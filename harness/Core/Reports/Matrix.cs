namespace Harness.Reports;

/// <summary>
/// The per-release matrix merged from any number of runs (channels × arches × platforms × attempts): one row per
/// test, one column per <see cref="Vendor"/>. A cell's number is the attempt, like Flatcar's run index: runs of the same
/// vendor are taken in start order, and a test that ran before goes on from its own last attempt (a second CI run's
/// first attempt of a test is attempt N+1), while tests of separate runs (test projects, shards) each start at 1.
/// </summary>
public sealed class Matrix
{
    private Matrix(IReadOnlyList<Vendor> vendors, IReadOnlyList<MatrixTest> tests, IReadOnlyList<string> versions)
    {
        Vendors = vendors;
        Tests = tests;
        Versions = versions;
    }

    /// <summary>The columns, ordered by channel, platform, arch.</summary>
    public IReadOnlyList<Vendor> Vendors { get; }

    /// <summary>The rows, ordered by name.</summary>
    public IReadOnlyList<MatrixTest> Tests { get; }

    /// <summary>The image versions seen (usually one).</summary>
    public IReadOnlyList<string> Versions { get; }

    /// <summary>True when the report spans more than one channel (column labels then carry it).</summary>
    public bool SpansChannels => Vendors.Select(v => v.Channel).Distinct().Count() > 1;

    /// <summary>Merges <paramref name="sources"/>.</summary>
    public static Matrix From(IEnumerable<ResultsSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var attempts = new Dictionary<(string Test, Vendor Vendor), List<MatrixAttempt>>();
        foreach (var vendorRuns in sources.GroupBy(s => Vendor.Of(s.Document.Run)))
        {
            // A test's attempts in earlier runs of this vendor: a later run's first attempt of the same test goes on
            // from there. Runs of other tests (another test project, a shard) do not move its numbers.
            var earlier = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var source in vendorRuns.OrderBy(s => s.Document.Run.Start))
            {
                foreach (var result in source.Document.Tests)
                {
                    var key = (result.Name, vendorRuns.Key);
                    if (!attempts.TryGetValue(key, out var list))
                    {
                        attempts[key] = list = [];
                    }

                    list.Add(new MatrixAttempt(earlier.GetValueOrDefault(result.Name) + result.Attempt, result, source.RunFolder));
                }

                foreach (var run in source.Document.Tests.GroupBy(t => t.Name, StringComparer.Ordinal))
                {
                    earlier[run.Key] = earlier.GetValueOrDefault(run.Key) + run.Max(t => t.Attempt);
                }
            }
        }

        var all = sources.ToList();
        var vendors = all.Select(s => Vendor.Of(s.Document.Run)).Distinct()
            .OrderBy(v => v.Channel, StringComparer.Ordinal).ThenBy(v => v.Platform, StringComparer.Ordinal).ThenBy(v => v.Arch, StringComparer.Ordinal)
            .ToList();
        var tests = attempts.Keys.Select(k => k.Test).Distinct()
            .Order(StringComparer.Ordinal)
            .Select(name => new MatrixTest(name, [.. vendors
                .Where(v => attempts.ContainsKey((name, v)))
                .Select(v => new MatrixCell(v, [.. attempts[(name, v)].OrderBy(a => a.Number)]))]))
            .ToList();
        var versions = all.Select(s => s.Document.Run.ImageVersion ?? "unknown").Distinct().Order(StringComparer.Ordinal).ToList();
        return new Matrix(vendors, tests, versions);
    }

    /// <summary>How many rows have each verdict.</summary>
    public IReadOnlyDictionary<CellStatus, int> Counts() =>
        Enum.GetValues<CellStatus>().ToDictionary(s => s, s => Tests.Count(t => t.Status == s));

    /// <summary>The arches seen.</summary>
    public IReadOnlyList<string> Arches => [.. Vendors.Select(v => v.Arch).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>True when no row failed (warn-only failures do not fail a release).</summary>
    public bool Ok => Tests.All(t => t.Status != CellStatus.Failed);
}
