using System.Text.RegularExpressions;

namespace Harness.Processes;

/// <summary>POSIX shell quoting, for command lines that do pass through a shell (the guest side of SSH) and for display.</summary>
public static partial class ShellQuote
{
    /// <summary>Quotes <paramref name="value"/> as one word for <c>sh</c>/<c>bash</c>: single quotes, with <c>'</c> written as <c>'\''</c>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Like <see cref="Quote"/>, but leaves words made only of safe characters (letters, digits, <c>-_./=:@,+%</c>) bare.</summary>
    public static string ForDisplay(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && SafeWord().IsMatch(value) ? value : Quote(value);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-./=:@,+%]+$")]
    private static partial Regex SafeWord();
}
