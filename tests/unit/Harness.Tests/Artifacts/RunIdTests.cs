using Harness.Artifacts;

namespace Harness.Tests.Artifacts;

public sealed class RunIdTests
{
    [Fact]
    public void Is_the_utc_start_time_and_four_hex_digits()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 21, 12, 34, 56, TimeSpan.FromHours(2)));
        var id = RunId.New(clock, new Random(1));
        Assert.Matches("^20261121-103456-[0-9a-f]{4}$", id);
        Assert.True(RunId.IsValid(id));
    }

    [Theory]
    [InlineData("20261121-103456")]
    [InlineData("20261321-103456-abcd")]
    [InlineData("20261121-103456-ABCD")]
    [InlineData("latest")]
    public void Recognizes_non_ids(string id) => Assert.False(RunId.IsValid(id));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
