namespace Harness.Platforms.Azure.Tests;

public sealed class AzureGarbageCollectorTests : IDisposable
{
    private readonly AzureFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Gc_deletes_only_expired_groups_that_carry_the_harness_tag()
    {
        // Given: now is 2026-12-01 12:00 UTC
        Dictionary<string, string> Ours(string created, string expires) => new()
        {
            ["created-by"] = "harness", ["run-id"] = "r", ["created-at"] = created, ["expires-at"] = expires,
        };
        _f.Arm.AddResourceGroup(AzureFixture.Subscription, "harness-expired", Ours("2026-12-01T04:00:00Z", "2026-12-01T10:00:00Z"));
        _f.Arm.AddResourceGroup(AzureFixture.Subscription, "harness-old-long-ttl", Ours("2026-11-30T12:00:00Z", "2026-12-05T00:00:00Z"));
        _f.Arm.AddResourceGroup(AzureFixture.Subscription, "harness-running", Ours("2026-12-01T11:00:00Z", "2026-12-01T17:00:00Z"));
        _f.Arm.AddResourceGroup(AzureFixture.Subscription, "harness-no-date", new Dictionary<string, string> { ["created-by"] = "harness" });
        _f.Arm.AddResourceGroup(AzureFixture.Subscription, "someone-elses", new Dictionary<string, string> { ["created-at"] = "2020-01-01T00:00:00Z", ["expires-at"] = "2020-01-02T00:00:00Z" });
        _f.Arm.AddResourceGroup(AzureFixture.Subscription, "mantle-cluster", new Dictionary<string, string> { ["created-by"] = "mantle", ["created-at"] = "2020-01-01T00:00:00Z" });
        using var gc = new AzureGarbageCollector(_f.Options, _f.Log.Factory());

        // When
        var lines = await gc.CollectAsync(TimeSpan.FromHours(6), dryRun: false, CancellationToken.None);

        // Then
        var deletes = _f.Arm.Requests.Where(r => r.StartsWith("DELETE", StringComparison.Ordinal)).Select(r => r.Split('/')[^1]).Order().ToArray();
        Assert.Equal(["harness-expired", "harness-old-long-ttl"], deletes);
        Assert.False(_f.Arm.HasResourceGroup(AzureFixture.Subscription, "harness-expired"));
        Assert.True(_f.Arm.HasResourceGroup(AzureFixture.Subscription, "harness-running"));
        Assert.True(_f.Arm.HasResourceGroup(AzureFixture.Subscription, "someone-elses"));
        Assert.True(_f.Arm.HasResourceGroup(AzureFixture.Subscription, "mantle-cluster"));
        Assert.Contains("deleted harness-expired: expired at 2026-12-01T10:00:00Z", lines);
        Assert.Contains("deleted harness-old-long-ttl: created at 2026-11-30T12:00:00Z, older than 06:00:00", lines);
        Assert.Contains("kept harness-running: created at 2026-12-01T11:00:00Z, younger than 06:00:00", lines);
        Assert.Contains("kept harness-no-date: no readable created-at tag", lines);
    }

    [Fact]
    public async Task Gc_dry_run_deletes_nothing()
    {
        _f.Arm.AddResourceGroup(AzureFixture.Subscription, "harness-expired", new Dictionary<string, string>
        {
            ["created-by"] = "harness", ["created-at"] = "2026-11-01T00:00:00Z", ["expires-at"] = "2026-11-01T06:00:00Z",
        });
        using var gc = new AzureGarbageCollector(_f.Options);

        var lines = await gc.CollectAsync(TimeSpan.FromHours(6), dryRun: true, CancellationToken.None);

        Assert.Equal(["would delete harness-expired: expired at 2026-11-01T06:00:00Z"], lines);
        Assert.DoesNotContain(_f.Arm.Requests, r => r.StartsWith("DELETE", StringComparison.Ordinal));
    }

    [Fact]
    public void A_group_whose_creator_tag_is_not_ours_is_never_expired()
    {
        var group = new ResourceGroupInfo("x", new Dictionary<string, string> { ["created-by"] = "Harness", ["created-at"] = "2000-01-01T00:00:00Z" });

        var (expired, reason) = AzureGarbageCollector.Verdict(group, DateTimeOffset.UnixEpoch.AddYears(40), TimeSpan.FromHours(1));

        Assert.False(expired);
        Assert.Equal("not tagged created-by=harness", reason);
    }
}
