using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Settings;

/// <summary>
/// Parses durations as people write them in environment variables: <c>600</c> (seconds), <c>90s</c>, <c>10m</c>,
/// <c>1h30m</c>, <c>1.5h</c>, or a .NET time span <c>00:10:00</c>.
/// </summary>
public static partial class DurationParser
{
    /// <summary>What the parser accepts, for error messages.</summary>
    public const string Expected = "a duration like 600 (seconds), 90s, 10m, 1h30m or 00:10:00";

    /// <summary>Parses <paramref name="text"/>; false when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration);
        }

        var match = UnitPattern().Match(trimmed);
        if (!match.Success)
        {
            return false;
        }

        var total = TimeSpan.Zero;
        foreach (Capture capture in match.Groups["part"].Captures)
        {
            var part = capture.Value;
            var unitStart = part.TakeWhile(c => char.IsAsciiDigit(c) || c == '.').Count();
            if (!double.TryParse(part[..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            total += part[unitStart..].ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" or "min" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => TimeSpan.Zero,
            };
        }

        duration = total;
        return true;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|min|m|h))+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();
}
