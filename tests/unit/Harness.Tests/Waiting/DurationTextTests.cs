using Harness.Waiting;

namespace Harness.Tests.Waiting;

public class DurationTextTests
{
    [Theory]
    [InlineData(0.25, "250ms")]
    [InlineData(2.1, "2.1s")]
    [InlineData(30, "30s")]
    [InlineData(31.24, "31.2s")]
    [InlineData(300, "5m")]
    [InlineData(271.2, "4m31.2s")]
    [InlineData(3720, "1h2m")]
    public void Durations_read_short(double seconds, string expected) =>
        Assert.Equal(expected, TimeSpan.FromSeconds(seconds).ToShortText());
}
