using Harness.Settings;

namespace Harness.Tests.Settings;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("600", 600)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("00:10:00", 600)]
    [InlineData("2min", 120)]
    public void Parses(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("10 minutes")]
    [InlineData("m10")]
    public void Rejects(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
