using System.Globalization;
using System.Text;

namespace Harness.Results;

/// <summary>
/// Renders a run as TAP the way kola writes <c>test.tap</c> (research kola.md §3.5), so Flatcar's
/// <c>tapfile_helper_lib.sh</c> can ingest it: <c>1..N</c>, then per test (its last attempt) <c>ok - name</c>,
/// <c>ok - name # SKIP reason</c> or <c>not ok - name</c> followed by a YAML-ish block with the Go-quoted error.
/// <c>#</c> is removed from names, as kola does. Reruns are noted in the block (<c>Attempts: …</c>).
/// </summary>
public static class TapFormat
{
    /// <summary>The TAP text, ending with a newline.</summary>
    public static string Render(ResultsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var tests = TestAttempts.Of(document);
        var tap = new StringBuilder();
        tap.Append(CultureInfo.InvariantCulture, $"1..{tests.Count}\n");
        foreach (var test in tests)
        {
            var name = test.Name.Replace("#", string.Empty, StringComparison.Ordinal);
            var last = test.Last;
            switch (last.Status)
            {
                case TestStatus.Passed:
                    tap.Append(CultureInfo.InvariantCulture, $"ok - {name}\n");
                    if (test.Flaky)
                    {
                        tap.Append("  ---\n");
                        tap.Append(CultureInfo.InvariantCulture, $"  Flaky: passed on attempt {last.Attempt}\n");
                        AppendAttempts(tap, test);
                        tap.Append("  ...\n");
                    }

                    break;
                case TestStatus.Skipped:
                    tap.Append(CultureInfo.InvariantCulture, $"ok - {name} # SKIP {OneLine(last.Message)}\n");
                    break;
                default:
                    // "# TODO" is TAP's directive for a failure that must not fail the run (a warn-only denylist entry), not a note to self.
                    tap.Append(CultureInfo.InvariantCulture, $"not ok - {name}{(last.WarnOnly ? " # TODO warn-only (denylist)" : string.Empty)}\n");
                    tap.Append("  ---\n");
                    tap.Append(CultureInfo.InvariantCulture, $"  Error: {GoQuote(last.Message ?? "failed")}\n");
                    if (test.Attempts.Count > 1)
                    {
                        AppendAttempts(tap, test);
                    }

                    tap.Append("  ...\n");
                    break;
            }
        }

        return tap.ToString();
    }

    /// <summary>Quotes like Go's <c>%q</c>: backslash escapes for quotes, backslashes and control characters.</summary>
    public static string GoQuote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private static void AppendAttempts(StringBuilder tap, TestAttempts test) =>
        tap.Append(CultureInfo.InvariantCulture, $"  Attempts: {string.Join(", ", test.Attempts.Select(a => $"{a.Attempt} {a.Status.ToString().ToLowerInvariant()}"))}\n");

    private static string OneLine(string? text) =>
        (text ?? string.Empty).ReplaceLineEndings(" ").Replace("#", string.Empty, StringComparison.Ordinal).Trim();
}
