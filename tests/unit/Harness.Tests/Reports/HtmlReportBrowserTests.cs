using Harness.Reports;
using Microsoft.Playwright;

namespace Harness.Tests.Reports;

/// <summary>
/// The HTML page in a real headless Chromium: Debian's <c>/usr/bin/chromium</c> (or <c>HARNESS_CHROMIUM</c>) driven by
/// Microsoft.Playwright through its bundled driver; no browser is downloaded. Skipped, saying why, when no Chromium exists
/// (scripts/install-prerequisites installs it).
/// </summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-html-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public async Task Filters_hide_and_show_rows_in_Chromium()
    {
        var chromium = Environment.GetEnvironmentVariable("HARNESS_CHROMIUM") ?? "/usr/bin/chromium";
        Skip.IfNot(File.Exists(chromium), $"no Chromium at {chromium}: run scripts/install-prerequisites (apt-get install chromium) or set HARNESS_CHROMIUM");
        var page = Path.Combine(_dir, "matrix.html");
        await File.WriteAllTextAsync(page, HtmlReport.Render(Matrix.From(ReportSamples.Sources())));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var tab = await browser.NewPageAsync();
        var external = new List<string>();
        tab.Request += (_, request) =>
        {
            if (!request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                external.Add(request.Url);
            }
        };
        await tab.GotoAsync(new Uri(page).AbsoluteUri);

        var rows = tab.Locator("#results tbody tr");
        var visible = tab.Locator("#results tbody tr:not(.hidden)");
        Assert.Equal(7, await rows.CountAsync()); // 5 tests: 5 amd64 cells + 2 arm64 cells
        Assert.Equal(7, await visible.CountAsync());
        Assert.Equal("7", await tab.Locator("#shown").TextContentAsync());

        await tab.Locator("input[name=status][value=passed]").ClickAsync();
        Assert.Equal(4, await visible.CountAsync()); // the three passed cells (cl.basic on both, cl.broken on arm64) are hidden
        Assert.True(await tab.Locator("#results tr[data-status=passed]").First.IsHiddenAsync());

        await tab.SelectOptionAsync("#arch", "arm64");
        Assert.Equal(0, await visible.CountAsync());

        await tab.Locator("input[name=status][value=passed]").ClickAsync();
        Assert.Equal(2, await visible.CountAsync());
        Assert.Equal(["arm64", "arm64"], await visible.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.arch)"));

        await tab.SelectOptionAsync("#arch", string.Empty);
        await tab.Locator("#results tr[data-test='cl.broken'][data-arch=amd64] summary").First.ClickAsync();
        Assert.Contains("Kernel panic", await tab.Locator("#results tr[data-test='cl.broken'][data-arch=amd64] details pre").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(external); // self-contained
    }
}
