using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>The frontends' canary windows in a real Redis: one per frontend, stale ones ignored and pruned, gone with the application.</summary>
public sealed class RedisCanaryStatsTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
    private RedisConfigurationStore _store = null!;
    private RedisCanaryStats _stats = null!;

    public Task InitializeAsync()
    {
        _store = StoreFactory.Connect(redis.Server);
        _stats = _store.CreateCanaryStats(_time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync().AsTask().WithTimeout();

    private CanaryWindow Window(string frontend, long answered) => new()
    {
        FrontendId = frontend,
        Answered = answered,
        Failed = 1,
        P99Micros = 1234,
        Since = _time.GetUtcNow().AddSeconds(-5),
        At = _time.GetUtcNow(),
    };

    [Fact]
    public async Task PublishAsync_TwoFrontends_ReadsTheLastWindowOfEachInIdOrder()
    {
        await _stats.PublishAsync("app", Window("fe-b", 10), TimeSpan.FromSeconds(5)).WithTimeout();
        await _stats.PublishAsync("app", Window("fe-a", 3), TimeSpan.FromSeconds(5)).WithTimeout();
        await _stats.PublishAsync("app", Window("fe-b", 12), TimeSpan.FromSeconds(5)).WithTimeout();

        var windows = await _stats.ReadAsync("app").WithTimeout();

        Assert.Equal([Window("fe-a", 3), Window("fe-b", 12)], windows);
    }

    [Fact]
    public async Task ReadAsync_AfterTheTtl_IgnoresAndPrunesTheStaleWindow()
    {
        var start = _time.GetUtcNow();
        await _stats.PublishAsync("app", Window("old", 10), TimeSpan.FromSeconds(2)).WithTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));
        await _stats.PublishAsync("app", Window("new", 5), TimeSpan.FromSeconds(2)).WithTimeout();
        _time.Advance(TimeSpan.FromSeconds(1.5));

        var windows = await _stats.ReadAsync("app").WithTimeout();

        // A reader whose clock says both are live still sees one: the stale field was deleted.
        var earlier = _store.CreateCanaryStats(new FakeTimeProvider(start));
        Assert.Equal(["new"], windows.Select(w => w.FrontendId));
        Assert.Equal(["new"], (await earlier.ReadAsync("app").WithTimeout()).Select(w => w.FrontendId));
    }

    [Fact]
    public async Task DeleteApplicationAsync_RemovesItsWindows()
    {
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        await _stats.PublishAsync("app", Window("fe", 10), TimeSpan.FromSeconds(5)).WithTimeout();

        await _store.DeleteApplicationAsync("app").AssertApplied();

        Assert.Empty(await _stats.ReadAsync("app").WithTimeout());
    }

    [Fact]
    public async Task PublishAsync_BadArguments_AreRefusedNamingThem()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _stats.PublishAsync("Bad App", Window("fe", 1), TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => _stats.PublishAsync("app", Window("", 1), TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _stats.PublishAsync("app", Window("fe", 1), TimeSpan.Zero));
    }
}
