using Harness.Results;

namespace Harness.Reports;

/// <summary>
/// The per-release matrix merged from any number of runs (channels × arches × platforms × attempts): one row per
/// test, one column per <see cref="Vendor"/>. A cell's number is the attempt, like Flatcar's run index ("(2)" tells a
/// maintainer the test failed first). The results files of one cell — same channel, platform, arch and image version
/// (<see cref="RunInfo"/>), e.g. the cl and sysext test projects or the shards of one CI job — are one run: each test
/// shows its own recorded attempts, whatever order or number of files they came in. Only a test recorded again in a
/// later file of the same cell (the job ran again) goes on from its last attempt there (attempt N+1).
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
        foreach (var cellRuns in sources.GroupBy(s => (Vendor: Vendor.Of(s.Document.Run), Version: s.Document.Run.ImageVersion ?? "")))
        {
            // A test's attempts in earlier files of this cell: only a test recorded again goes on from there. Files of
            // other tests (another test project, a shard) do not move its numbers.
            var earlier = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var source in cellRuns.OrderBy(s => s.Document.Run.Start).ThenBy(s => s.Document.Run.Id, StringComparer.Ordinal))
            {
                foreach (var result in source.Document.Tests)
                {
                    var key = (result.Name, cellRuns.Key.Vendor);
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
