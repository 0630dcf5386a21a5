namespace Harness.Releases;

/// <summary>
/// The <c>harness fetch</c> command: progress lines on the log writer, the settings (<c>export …</c> lines) on the
/// output, so <c>eval "$(harness fetch …)"</c> sets them; bad input is one line and exit code 2.
/// </summary>
public static class FetchRunner
{
    /// <summary>Fetches and verifies; returns the exit code (0, or 2 for bad input).</summary>
    public static async Task<int> RunAsync(ReleaseRequest request, TextWriter output, TextWriter log, HttpClient? http = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(log);
        var owned = http is null;
        var client = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        try
        {
            var release = await new ReleaseFetcher(client, log).FetchAsync(request, cancellationToken);
            foreach (var line in release.SettingsLines())
            {
                await output.WriteLineAsync(line);
            }

            return 0;
        }
        catch (ReleaseException e)
        {
            await log.WriteLineAsync($"harness: {e.Message}");
            return 2;
        }
        finally
        {
            if (owned)
            {
                client.Dispose();
            }
        }
    }
}
