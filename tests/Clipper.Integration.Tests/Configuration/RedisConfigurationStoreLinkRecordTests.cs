using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using StackExchange.Redis;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>Policies, link options and cache bounds in records written by hand or by older versions, and the cache bound's validation.</summary>
public sealed class RedisConfigurationStoreLinkRecordTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string _prefix = TestKeys.NewPrefix();
    private RedisConfigurationStore _store = null!;
    private ConnectionMultiplexer _connection = null!;

    private IDatabase Database => _connection.GetDatabase();

    public async Task InitializeAsync()
    {
        _store = StoreFactory.Connect(redis.Server, _prefix);
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync().AsTask().WithTimeout();
        await _connection.DisposeAsync().AsTask().WithTimeout();
    }

    [Fact]
    public async Task LoadAsync_PolicyFieldAbsentOrUnknown_SplitsOrLeavesTheApplicationOut()
    {
        await _store.AddApplicationAsync(StoreFactory.App("old")).AssertApplied();
        await _store.AddApplicationAsync(StoreFactory.App("newer")).AssertApplied();
        Assert.Equal("split", (await Database.HashGetAsync(_prefix + "app:old", "policy")).ToString());
        await Database.HashDeleteAsync(_prefix + "app:old", "policy");
        await Database.HashSetAsync(_prefix + "app:newer", "policy", "thompson");

        var snapshot = await _store.LoadAsync().WithTimeout();

        Assert.Equal(SelectionPolicy.Split, snapshot.Applications["old"].Policy);
        Assert.DoesNotContain("newer", snapshot.Applications.Keys);
    }

    [Fact]
    public async Task AddApplicationAsync_WithAPolicyOrLinkOptionsOrAnUnknownPolicy_KeepsThePolicyAndRefusesTheRest()
    {
        await _store.AddApplicationAsync(StoreFactory.App("ensembled") with { Policy = SelectionPolicy.Ensemble }).AssertApplied();

        var options = await _store.AddApplicationAsync(StoreFactory.App("linked") with { LinkOptions = [ModelLink.Default("m")] }).AssertRefused(ConfigurationErrorCode.InvalidValue);
        var policy = await _store.AddApplicationAsync(StoreFactory.App("odd") with { Policy = (SelectionPolicy)7 }).AssertRefused(ConfigurationErrorCode.InvalidValue);

        Assert.Equal("model_names", options.Field);
        Assert.Equal("Invalid policy '7': expected one of split, ensemble, exp3, exp4", policy.Message);
        Assert.Equal(["ensembled"], (await _store.LoadAsync().WithTimeout()).Applications.Keys.ToArray());
        Assert.Equal(SelectionPolicy.Ensemble, (await _store.LoadAsync().WithTimeout()).Applications["ensembled"].Policy);
    }

    [Fact]
    public async Task LoadAsync_UnreadableLinkOptions_KeepTheLinkWithDefaultOptionsAndIgnoreUnlinkedModels()
    {
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        foreach (var model in new[] { "good", "not-json", "no-weight", "too-heavy", "half-shadow" })
        {
            await _store.AddModelVersionAsync(StoreFactory.Model(model, "1")).AssertApplied();
            await _store.SetModelLinkAsync("app", ModelLink.Default(model)).AssertApplied();
        }

        await Database.HashSetAsync(_prefix + "link-options:app",
        [
            new HashEntry("good", """{"weight":4,"shadow_percent":0}"""),
            new HashEntry("not-json", "weight=4"),
            new HashEntry("no-weight", """{"shadow_percent":10}"""),
            new HashEntry("too-heavy", """{"weight":1000001,"shadow_percent":0}"""),
            new HashEntry("half-shadow", """{"weight":1,"shadow_percent":10.5}"""),
            new HashEntry("unlinked", """{"weight":9,"shadow_percent":0}"""),
        ]);

        var app = (await _store.LoadAsync().WithTimeout()).Applications["app"];

        Assert.Equal(["good", "half-shadow", "no-weight", "not-json", "too-heavy"], app.LinkedModels.ToArray());
        Assert.Equal([new ModelLink { Model = "good", Weight = 4 }], app.LinkOptions.ToArray());
        Assert.All(["not-json", "no-weight", "too-heavy", "half-shadow"], model => Assert.Equal(ModelLink.Default(model), app.GetLink(model)));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(ModelVersionRecord.MaxCacheBytes)]
    public async Task AddModelVersionAsync_CacheBytes_RoundTrips(long cacheBytes)
    {
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "1") with { CacheBytes = cacheBytes }).AssertApplied();

        var model = (await _store.LoadAsync().WithTimeout()).CurrentVersions["m"];

        Assert.Equal(cacheBytes, model.CacheBytes);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(ModelVersionRecord.MaxCacheBytes + 1)]
    public async Task AddModelVersionAsync_CacheBytesOutOfRange_IsRefusedNamingTheRange(long cacheBytes)
    {
        var error = await _store.AddModelVersionAsync(StoreFactory.Model("m", "1") with { CacheBytes = cacheBytes }).AssertRefused(ConfigurationErrorCode.InvalidValue);

        Assert.Equal("cache_bytes", error.Field);
        Assert.Equal(
            $"Invalid cache_bytes {cacheBytes}: the prediction cache's bound must be 0 (no cache) to 17179869184 bytes (16 GiB); the default is 33554432 (32 MiB)",
            error.Message);
        Assert.Empty((await _store.LoadAsync().WithTimeout()).ModelVersions);
    }

    [Fact]
    public async Task LoadAsync_CacheFieldAbsentOrUnreadable_DefaultsOrLeavesTheModelOut()
    {
        await _store.AddModelVersionAsync(StoreFactory.Model("old", "1") with { CacheBytes = 0 }).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("bad", "1")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("negative", "1")).AssertApplied();
        await Database.HashDeleteAsync(_prefix + "model:old:1", "cache_bytes");
        await Database.HashSetAsync(_prefix + "model:bad:1", "cache_bytes", "lots");
        await Database.HashSetAsync(_prefix + "model:negative:1", "cache_bytes", "-5");

        var snapshot = await _store.LoadAsync().WithTimeout();

        Assert.Equal(ModelVersionRecord.DefaultCacheBytes, snapshot.CurrentVersions["old"].CacheBytes);
        Assert.Equal(["old"], snapshot.CurrentVersions.Keys.ToArray());
    }
}
