using System.Globalization;

namespace Harness.Catalog;

/// <summary>
/// A dotted version (<c>4230.2.1</c>, <c>1.0</c>, <c>2.0.0-rc1</c>) compared numerically component by component,
/// missing components counting as 0 (<c>1.0</c> equals <c>1.0.0</c>; <c>1.10</c> is newer than <c>1.9</c>).
/// A pre-release suffix after <c>-</c> sorts before the release (semver rules); build metadata after <c>+</c> is
/// ignored, as kola does for <c>--image-version</c>.
/// </summary>
public sealed class DottedVersion : IComparable<DottedVersion>, IEquatable<DottedVersion>
{
    private readonly long[] _components;
    private readonly string[] _preRelease;

    private DottedVersion(string text, long[] components, string[] preRelease)
    {
        Text = text;
        _components = components;
        _preRelease = preRelease;
    }

    /// <summary>The version as given.</summary>
    public string Text { get; }

    /// <summary>Parses a version.</summary>
    /// <exception cref="FormatException">Not a dotted version.</exception>
    public static DottedVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var version)
            ? version
            : throw new FormatException($"'{text}' is not a dotted version (expected digits separated by dots, like 4230.2.1)");
    }

    /// <summary>Parses a version; false when <paramref name="text"/> is not one.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DottedVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var core = text.Trim();
        if (core.StartsWith('v') || core.StartsWith('V'))
        {
            core = core[1..];
        }

        var plus = core.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            core = core[..plus];
        }

        string[] pre = [];
        var dash = core.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            pre = core[(dash + 1)..].Split('.');
            core = core[..dash];
            if (pre.Any(p => p.Length == 0))
            {
                return false;
            }
        }

        var parts = core.Split('.');
        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit)
                || !long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new DottedVersion(text.Trim(), numbers, pre);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(DottedVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var length = Math.Max(_components.Length, other._components.Length);
        for (var i = 0; i < length; i++)
        {
            var a = i < _components.Length ? _components[i] : 0;
            var b = i < other._components.Length ? other._components[i] : 0;
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        return ComparePreRelease(_preRelease, other._preRelease);
    }

    /// <inheritdoc />
    public bool Equals(DottedVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DottedVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        var significant = _components.Length;
        while (significant > 0 && _components[significant - 1] == 0)
        {
            significant--;
        }

        for (var i = 0; i < significant; i++)
        {
            hash.Add(_components[i]);
        }

        foreach (var p in _preRelease)
        {
            hash.Add(p, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    public static bool operator <(DottedVersion left, DottedVersion right) => Compare(left, right) < 0;

    public static bool operator >(DottedVersion left, DottedVersion right) => Compare(left, right) > 0;

    public static bool operator <=(DottedVersion left, DottedVersion right) => Compare(left, right) <= 0;

    public static bool operator >=(DottedVersion left, DottedVersion right) => Compare(left, right) >= 0;

    public static bool operator ==(DottedVersion? left, DottedVersion? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(DottedVersion? left, DottedVersion? right) => !(left == right);

    private static int Compare(DottedVersion left, DottedVersion right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.CompareTo(right);
    }

    private static int ComparePreRelease(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            // A release is newer than any of its pre-releases.
            return b.Length.CompareTo(a.Length);
        }

        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var an);
            var bNumeric = long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var bn);
            var result = (aNumeric, bNumeric) switch
            {
                (true, true) => an.CompareTo(bn),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a[i], b[i]),
            };
            if (result != 0)
            {
                return result;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
