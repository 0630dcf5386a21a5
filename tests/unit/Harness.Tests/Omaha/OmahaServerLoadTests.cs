using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using Harness.Omaha;
using Harness.Testing;

namespace Harness.Tests.Omaha;

/// <summary>
/// The Omaha server under load and abuse (issue "reliability"): many guests checking at once, garbage, oversized
/// bodies and clients that stall mid-request; every good client is answered and each bad request is logged once.
/// </summary>
public sealed class OmahaServerLoadTests : IDisposable
{
    private const int ExchangeEvent = 2002;
    private const int RejectedEvent = 2003;

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Two_hundred_concurrent_checks_beside_garbage_oversized_and_stalled_requests_are_all_answered()
    {
        var log = new RecordingLogger();
        await using var server = await OmahaServer.StartAsync(new OmahaServerOptions(), log);
        var url = server.UpdateUrl("127.0.0.1");

        // Three clients that send headers and half a body, then stall, holding their connections open throughout.
        var stalled = new List<TcpClient>();
        for (var i = 0; i < 3; i++)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, server.Port);
            var head = $"POST {url.AbsolutePath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: 4000\r\n\r\n<request protocol=\"3.0\">";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
            stalled.Add(client);
        }

        try
        {
            var good = Enumerable.Range(0, 200).Select(_ => PostAsync(url, OmahaSamples.UpdateCheck(version: "1.0.0"))).ToList();
            var garbage = Enumerable.Range(0, 10).Select(i => PostAsync(url, $"<request protocol=\"3.0\"><app appid={i}")).ToList();
            var huge = Enumerable.Range(0, 2).Select(_ => PostAsync(url, "<request>" + new string('x', 5 << 20) + "</request>")).ToList();

            var answers = await Task.WhenAll(good);
            var garbageAnswers = await Task.WhenAll(garbage);
            var hugeAnswers = await Task.WhenAll(huge);

            Assert.All(answers, a =>
            {
                Assert.Equal(HttpStatusCode.OK, a.Status);
                Assert.Equal("noupdate", (string?)XElement.Parse(a.Body).Descendants("updatecheck").Single().Attribute("status"));
            });
            Assert.All(garbageAnswers, a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
            Assert.All(hugeAnswers, a => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, a.Status));
            Assert.All(stalled, c => Assert.True(c.Connected, "a stalled client was dropped while others were served"));
        }
        finally
        {
            stalled.ForEach(c => c.Dispose());
        }

        // The stalled clients are gone now: the server rejects their cut-off bodies too (as it notices, so wait a little).
        await Eventually.TrueAsync(() => server.Exchanges.Count == 215, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));

        // One line per request: 200 exchanges, a rejection line for each bad one, none logged twice.
        Assert.Equal(200, log.Count(ExchangeEvent));
        var rejected = server.Exchanges.Count(e => e.Request is null);
        Assert.Equal(rejected, log.Count(RejectedEvent));
        Assert.Equal(server.Exchanges.Count - 200, rejected);
        Assert.Equal(10, log.Entries.Count(e => e.EventId == RejectedEvent && e.Message.Contains("malformed XML", StringComparison.Ordinal)));
        Assert.Equal(2, log.Entries.Count(e => e.EventId == RejectedEvent && e.Message.Contains("over 1048576 characters", StringComparison.Ordinal)));
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(Uri url, string body)
    {
        using var response = await _http.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/xml"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
