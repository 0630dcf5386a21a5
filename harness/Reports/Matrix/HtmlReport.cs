using System.Globalization;
using System.Net;
using System.Text;

namespace Harness.Reports;

/// <summary>
/// The matrix as one self-contained HTML page (inline CSS and script, no external resources): summary, the
/// test × vendor matrix, and a results table (one row per test and vendor: status, attempts, duration, failure
/// details with the console/journal excerpt) that can be filtered by status, platform and arch.
/// Rows carry <c>data-status</c>, <c>data-platform</c>, <c>data-arch</c>; filters are <c>input[name=status]</c>
/// checkboxes and the <c>#platform</c>/<c>#arch</c> selects; <c>#shown</c> counts the visible rows.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
        table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
        th{background:#f3f3f3}.failed{background:#fdd}.warn{background:#ffe9c7}.flaky{background:#fff6bf}.passed{background:#dfd}.skipped{background:#eee;color:#666}
        pre{white-space:pre-wrap;max-width:100ch;font-size:12px}#filters{display:flex;gap:2em;flex-wrap:wrap}.hidden{display:none}
        """;

    private const string Script = """
        (function(){
          function apply(){
            var statuses=[].slice.call(document.querySelectorAll('input[name=status]')).filter(function(c){return c.checked}).map(function(c){return c.value});
            var platform=document.getElementById('platform').value, arch=document.getElementById('arch').value, shown=0;
            document.querySelectorAll('#results tbody tr').forEach(function(r){
              var ok=statuses.indexOf(r.dataset.status)>=0&&(!platform||r.dataset.platform===platform)&&(!arch||r.dataset.arch===arch);
              r.classList.toggle('hidden',!ok); if(ok){shown++}
            });
            document.getElementById('shown').textContent=String(shown);
          }
          document.querySelectorAll('#filters input,#filters select').forEach(function(e){e.addEventListener('change',apply)});
          apply();
        })();
        """;

    /// <summary>The page.</summary>
    public static string Render(Matrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var withChannel = matrix.SpansChannels;
        var counts = matrix.Counts();
        var title = $"Test report for {string.Join(", ", matrix.Versions)} / {string.Join(", ", matrix.Arches)}";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n<h1>{E(title)}</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">{(matrix.Ok ? "✅ no test failed" : $"❌ {counts[CellStatus.Failed]} test(s) failed")} — {matrix.Tests.Count} tests: ");
        html.Append(string.Join(" · ", Enum.GetValues<CellStatus>().Select(s => $"{counts[s]} {Key(s)}")));
        html.Append(CultureInfo.InvariantCulture, $". Platforms tested: {E(string.Join(", ", matrix.Vendors.Select(v => v.Label(withChannel))))}.</p>\n");

        html.Append("<h2>Matrix</h2>\n<table id=\"matrix\">\n<thead><tr><th>test</th>");
        foreach (var vendor in matrix.Vendors)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(vendor.Label(withChannel))}</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var test in matrix.Tests)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(test.Name)}</td>");
            foreach (var vendor in matrix.Vendors)
            {
                var cell = test.Cells.FirstOrDefault(c => c.Vendor == vendor);
                html.Append(cell is null
                    ? "<td></td>"
                    : $"<td class=\"{Key(cell.Status)}\">{MarkdownReport.Icon(cell.Status)} {Key(cell.Status)} ({string.Join(", ", cell.Attempts.Select(a => a.Number))})</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n<h2>Results</h2>\n<div id=\"filters\">\n<fieldset><legend>Status</legend>");
        foreach (var status in Enum.GetValues<CellStatus>())
        {
            html.Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"status\" value=\"{Key(status)}\" checked> {Key(status)} ({counts[status]})</label> ");
        }

        html.Append("</fieldset>\n");
        AppendSelect(html, "platform", matrix.Vendors.Select(v => v.Platform));
        AppendSelect(html, "arch", matrix.Vendors.Select(v => v.Arch));
        html.Append("<p><span id=\"shown\"></span> rows shown</p>\n</div>\n");

        html.Append("<table id=\"results\">\n<thead><tr><th>test</th><th>vendor</th><th>status</th><th>attempts</th><th>duration</th><th>details</th></tr></thead>\n<tbody>\n");
        foreach (var test in matrix.Tests)
        {
            foreach (var cell in test.Cells)
            {
                AppendRow(html, test, cell, withChannel);
            }
        }

        html.Append("</tbody>\n</table>\n<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendRow(StringBuilder html, MatrixTest test, MatrixCell cell, bool withChannel)
    {
        var status = Key(cell.Status);
        html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{status}\" data-test=\"{E(test.Name)}\" data-status=\"{status}\" data-platform=\"{E(cell.Vendor.Platform)}\" data-arch=\"{E(cell.Vendor.Arch)}\" data-channel=\"{E(cell.Vendor.Channel)}\">");
        html.Append(CultureInfo.InvariantCulture, $"<td>{E(test.Name)}</td><td>{E(cell.Vendor.Label(withChannel))}</td><td>{MarkdownReport.Icon(cell.Status)} {status}</td>");
        html.Append(CultureInfo.InvariantCulture, $"<td>{E(string.Join(", ", cell.Attempts.Select(a => $"{a.Number}: {a.Result.Status.ToString().ToLowerInvariant()}")))}</td>");
        html.Append(CultureInfo.InvariantCulture, $"<td>{Duration(cell.DurationMs)}</td><td>");
        if (cell.Tracker is { } tracker)
        {
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"{E(tracker)}\">{E(tracker)}</a> ");
        }

        if (cell.SkipReason is { } reason)
        {
            html.Append(E(reason));
        }

        foreach (var failure in cell.Failures)
        {
            html.Append(CultureInfo.InvariantCulture, $"<details><summary>attempt {failure.Number} failed</summary><pre>{E(failure.Result.Message ?? "failed")}</pre>");
            if (Excerpts.For(failure) is { } excerpt)
            {
                html.Append(CultureInfo.InvariantCulture, $"<pre class=\"excerpt\">{E(excerpt)}</pre>");
            }

            html.Append("</details>");
        }

        html.Append("</td></tr>\n");
    }

    private static void AppendSelect(StringBuilder html, string id, IEnumerable<string> values)
    {
        html.Append(CultureInfo.InvariantCulture, $"<label>{id} <select id=\"{id}\"><option value=\"\">all</option>");
        foreach (var value in values.Distinct().Order(StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(value)}\">{E(value)}</option>");
        }

        html.Append("</select></label>\n");
    }

    private static string Duration(long ms) =>
        TimeSpan.FromMilliseconds(ms) is var t && t.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0}s");

    private static string Key(CellStatus status) => status.ToString().ToLowerInvariant();

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
