using Harness.Omaha;

namespace Harness.Tests.Omaha;

public sealed class OmahaRequestTests
{
    [Fact]
    public void An_update_check_is_read_with_its_app_fields_and_events()
    {
        var request = OmahaRequest.Parse(OmahaSamples.Read("update-check.xml"));

        Assert.Equal(OmahaServerOptions.FlatcarAppId, request.AppId);
        Assert.Equal("1.0.0", request.Version);
        Assert.Equal("developer", request.Track);
        Assert.Equal("0f3e2d1c4b5a69788796a5b4c3d2e1f0", request.MachineId);
        Assert.Equal("8d1c2f0e-4a7b-4c3e-9f61-2b5d7e8a9c10", request.BootId);
        Assert.True(request.UpdateCheck);
        Assert.Equal([new OmahaEvent(3, 2, null, "0.9.0")], request.Events);
    }

    [Fact]
    public void An_event_only_request_has_no_update_check()
    {
        var request = OmahaRequest.Parse(OmahaSamples.Read("events-only.xml"));

        Assert.False(request.UpdateCheck);
        Assert.Equal([new OmahaEvent(OmahaEvent.UpdateComplete, OmahaEvent.ResultError, 10, null)], request.Events);
    }

    [Theory]
    [InlineData("<request protocol=\"3.0\"><app appid=\"x\"", "malformed XML at line 1")]
    [InlineData("<response protocol=\"3.0\"/>", "root element is <response>, expected <request>")]
    [InlineData("<request protocol=\"2.0\"><app appid=\"x\"/></request>", "protocol=\"2.0\" is not supported")]
    [InlineData("<request protocol=\"3.0\"></request>", "<request> has no <app>")]
    [InlineData("<request protocol=\"3.0\"><app/></request>", "<app> has no appid")]
    [InlineData("<request protocol=\"3.0\"><app appid=\"x\"><event eventtype=\"three\" eventresult=\"1\"/></app></request>", "<event eventtype=\"three\"> is not a number")]
    public void Bad_requests_are_refused_saying_what_is_wrong(string body, string expected)
    {
        var error = Assert.Throws<OmahaProtocolException>(() => OmahaRequest.Parse(body));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
