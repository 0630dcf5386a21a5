using System.Globalization;

namespace Harness.Waiting;

/// <summary>Short, human-readable durations for messages and logs: <c>850ms</c>, <c>2.1s</c>, <c>30s</c>, <c>5m</c>, <c>4m31.2s</c>, <c>1h2m</c>.</summary>
public static class DurationText
{
    /// <summary>Formats <paramref name="duration"/> with at most one decimal of seconds and no trailing <c>.0</c>.</summary>
    public static string ToShortText(this TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + (-duration).ToShortText();
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return ((int)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            return Seconds(duration.TotalSeconds);
        }

        var hours = (int)duration.TotalHours;
        var minutes = duration.Minutes;
        var seconds = duration.TotalSeconds - (Math.Floor(duration.TotalMinutes) * 60);
        var text = hours > 0 ? $"{hours}h{minutes}m" : $"{minutes}m";
        return Math.Round(seconds, 1) >= 0.1 ? text + Seconds(seconds) : text;
    }

    private static string Seconds(double seconds) =>
        Math.Round(seconds, 1).ToString("0.#", CultureInfo.InvariantCulture) + "s";
}
