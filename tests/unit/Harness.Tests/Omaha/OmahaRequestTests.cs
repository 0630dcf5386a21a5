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

    // update_engine's GetAppBody (omaha_request_action.cc): every update check carries one check report.
    [Theory]
    [InlineData("update-check-fresh.xml", 3, 2, null, "0.0.0.0")]      // no previous-version pref yet: a fresh machine
    [InlineData("update-check.xml", 3, 2, null, "0.9.0")]              // first check after rebooting into the update
    [InlineData("update-check-later.xml", 3, 2, null, "")]             // the pref was reset by an earlier check
    [InlineData("update-check-rollback.xml", 3, 0, 44, null)]          // the pref equals the running version
    public void Every_update_check_carries_update_engines_check_report(string sample, int type, int result, int? code, string? previous)
    {
        var request = OmahaRequest.Parse(OmahaSamples.Read(sample));

        Assert.True(request.UpdateCheck);
        Assert.Equal([new OmahaEvent(type, result, code, previous)], request.Events);
    }

    [Fact]
    public void A_flagged_error_code_is_read_whole_and_split_into_the_action_code_and_its_flags()
    {
        // update_attempter.cc GetErrorCodeFlags: 1<<28 (kActionCodeTestOmahaUrlFlag) for any server but the production
        // one; a corrupted download fails the operation hash (29) first.
        var failure = Assert.Single(OmahaRequest.Parse(OmahaSamples.Read("event-operation-hash-test-server.xml")).Events);

        Assert.Equal(268435485, failure.ErrorCode);
        Assert.Equal(OmahaEvent.OperationHashMismatchErrorCode, failure.BaseErrorCode);
        Assert.Equal(OmahaEvent.TestOmahaUrlFlag, failure.ErrorFlags);
    }

    [Theory]
    [InlineData("10", 10, 0)]
    [InlineData("1342177309", 29, OmahaEvent.TestOmahaUrlFlag | OmahaEvent.ResumedFlag)]
    [InlineData("805306378", 10, OmahaEvent.TestOmahaUrlFlag | OmahaEvent.TestImageFlag)]
    [InlineData("-2147483619", 29, OmahaEvent.DevModeFlag)] // update_engine prints the code with %d: the sign bit is the dev-mode flag
    public void Error_code_flags_are_masked(string printed, int baseCode, int flags)
    {
        var body = OmahaSamples.Read("events-only.xml").Replace("errorcode=\"10\"", $"errorcode=\"{printed}\"", StringComparison.Ordinal);
        var failure = Assert.Single(OmahaRequest.Parse(body).Events);

        Assert.Equal(baseCode, failure.BaseErrorCode);
        Assert.Equal(flags, failure.ErrorFlags);
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
