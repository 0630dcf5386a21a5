using System.Globalization;
using System.Text;

namespace Harness.Cli;

/// <summary>The figures the <c>harness bench</c> commands print: markdown rows of median, min and max.</summary>
internal static class BenchStats
{
    /// <summary>Appends the table's header: the header row and its rule.</summary>
    public static void Header(StringBuilder text)
    {
        text.AppendLine("| measure | runs | median | min | max |");
        text.AppendLine("|---|---|---|---|---|");
    }

    /// <summary>Appends <c>| name | runs | median | min | max |</c> with the values divided by <paramref name="unit"/>.</summary>
    public static void Row(StringBuilder text, string name, IReadOnlyList<double> values, double unit) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {values.Count} | {Median(values) / unit:0.0##} | {values.Min() / unit:0.0##} | {values.Max() / unit:0.0##} |");

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
