namespace Harness.Ignition;

/// <summary>Value equality for the read-only lists the Ignition records hold.</summary>
internal static class SequenceComparison
{
    public static bool Equal<T>(IReadOnlyList<T> a, IReadOnlyList<T> b) =>
        ReferenceEquals(a, b) || a.SequenceEqual(b);

    public static int Hash<T>(IReadOnlyList<T> items)
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }
}
