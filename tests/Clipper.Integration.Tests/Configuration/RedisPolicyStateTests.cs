using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>The learned selection state in a real Redis: additions that add up across frontends, reset, and records written by hand.</summary>
public sealed class RedisPolicyStateTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string _prefix = TestKeys.NewPrefix();
    private RedisConfigurationStore _store = null!;
    private RedisPolicyState _state = null!;

    public Task InitializeAsync()
    {
        _store = StoreFactory.Connect(redis.Server, _prefix);
        _state = _store.CreatePolicyState();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync().AsTask().WithTimeout();

    [Fact]
    public async Task AddAsync_FourFrontendsConcurrently_SumsExactly()
    {
        // Two share the configuration store's connection, two have their own, as separate frontends would.
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        var options = new RedisStoreOptions { RedisAddress = redis.Server.Address, KeyPrefix = _prefix };
        IPolicyStateStore[] frontends = [_state, _store.CreatePolicyState(), new RedisPolicyState(other, options), new RedisPolicyState(other, options)];
        using var start = new SemaphoreSlim(0);

        var adders = new Task[frontends.Length];
        for (var f = 0; f < frontends.Length; f++)
        {
            var frontend = frontends[f];
            adders[f] = Task.Run(async () =>
            {
                await start.WaitAsync().WaitAsync(TestTimeouts.Default);
                for (var i = 0; i < 250; i++)
                {
                    await frontend.AddAsync("app", new[] { ("a", -0.25), ("b", 0.5), ("c", -1.0 / 1024) });
                }
            });
        }

        start.Release(frontends.Length);
        await Task.WhenAll(adders).WithTimeout();
        var state = await _state.LoadAsync("app").WithTimeout();

        Assert.Equal(3, state.Count);
        Assert.Equal(-250.0, state["a"]);
        Assert.Equal(500.0, state["b"]);
        Assert.Equal(-1000.0 / 1024, state["c"]);
    }

    [Fact]
    public async Task AddAsync_WritesTheDocumentedHash()
    {
        await _state.AddAsync("my-app", new[] { ("m1", -0.5), ("m2", 0.0) }).WithTimeout();

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        var hash = await connection.GetDatabase().HashGetAllAsync(_prefix + "policy-state:my-app").WithTimeout();
        var entry = Assert.Single(hash);
        Assert.Equal("m1", entry.Name.ToString());
        Assert.Equal("-0.5", entry.Value.ToString());
    }

    [Fact]
    public async Task AddAsync_OnlyZeroDeltas_WritesNothing()
    {
        await _state.AddAsync("app", new[] { ("m1", 0.0) }).WithTimeout();
        await _state.AddAsync("app", ReadOnlyMemory<(string, double)>.Empty).WithTimeout();

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        Assert.False(await connection.GetDatabase().KeyExistsAsync(_prefix + "policy-state:app").WithTimeout());
    }

    [Fact]
    public async Task LoadAsync_AfterReset_IsEmpty()
    {
        await _state.AddAsync("app", new[] { ("m1", -1.5), ("m2", -2.0) }).WithTimeout();
        await _state.AddAsync("other", new[] { ("m1", -3.0) }).WithTimeout();

        await _state.ResetAsync("app").WithTimeout();

        Assert.Empty(await _state.LoadAsync("app").WithTimeout());
        Assert.Equal(-3.0, (await _state.LoadAsync("other").WithTimeout())["m1"]);
    }

    [Fact]
    public async Task LoadAsync_NothingLearned_IsEmpty() =>
        Assert.Empty(await _state.LoadAsync("never-fed").WithTimeout());

    [Fact]
    public async Task LoadAsync_UnreadableField_IsIgnored()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        await connection.GetDatabase().HashSetAsync(_prefix + "policy-state:app", [new("good", "-1.25"), new("text", "abc"), new("inf", "inf"), new("nan", "nan"), new("empty", "")]).WithTimeout();

        var state = await _state.LoadAsync("app").WithTimeout();

        var entry = Assert.Single(state);
        Assert.Equal("good", entry.Key);
        Assert.Equal(-1.25, entry.Value);
    }

    [Fact]
    public async Task AddAsync_UnreadableField_IsReplacedAndTheOthersAdded()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        await connection.GetDatabase().HashSetAsync(_prefix + "policy-state:app", [new("good", "-1"), new("text", "abc")]).WithTimeout();

        await _state.AddAsync("app", new[] { ("good", -0.5), ("text", -0.25), ("new", -2.0) }).WithTimeout();
        var state = await _state.LoadAsync("app").WithTimeout();

        Assert.Equal(3, state.Count);
        Assert.Equal(-1.5, state["good"]);
        Assert.Equal(-0.25, state["text"]);
        Assert.Equal(-2.0, state["new"]);
    }

    [Fact]
    public async Task AddAsync_KeyNotAHash_ThrowsConfigurationStoreException()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        await connection.GetDatabase().StringSetAsync(_prefix + "policy-state:app", "x").WithTimeout();

        var error = await Assert.ThrowsAsync<ConfigurationStoreException>(() => _state.AddAsync("app", new[] { ("m1", -1.0) }).WithTimeout());

        Assert.Contains("add_policy_state", error.Message, StringComparison.Ordinal);
        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_RedisUnreachable_ThrowConfigurationStoreException()
    {
        await using var store = RedisConfigurationStore.Connect(new RedisStoreOptions
        {
            RedisAddress = "127.0.0.1:" + FreePort.Next(),
            KeyPrefix = _prefix,
            OperationTimeout = TimeSpan.FromMilliseconds(500),
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            ReconnectInterval = TimeSpan.FromMilliseconds(200),
        });
        var state = store.CreatePolicyState();

        var error = await Assert.ThrowsAsync<ConfigurationStoreException>(() => state.AddAsync("app", new[] { ("m1", -1.0) }).WithTimeout());
        Assert.Contains("add_policy_state", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConfigurationStoreException>(() => state.LoadAsync("app").WithTimeout());
        await Assert.ThrowsAsync<ConfigurationStoreException>(() => state.ResetAsync("app").WithTimeout());
    }

    [Fact]
    public async Task AddAsync_BadArguments_ThrowNamingThem()
    {
        var delta = await Assert.ThrowsAsync<ArgumentException>(() => _state.AddAsync("app", new[] { ("m1", -1.0), ("m2", double.NaN) }));
        Assert.Contains("delta of model 'm2' is NaN", delta.Message, StringComparison.Ordinal);

        var model = await Assert.ThrowsAsync<ArgumentException>(() => _state.AddAsync("app", new[] { ("Bad:Name", -1.0) }));
        Assert.Contains("Invalid model name 'Bad:Name'", model.Message, StringComparison.Ordinal);

        var app = await Assert.ThrowsAsync<ArgumentException>(() => _state.LoadAsync(""));
        Assert.Equal("applicationName", app.ParamName);
    }

    [Fact]
    public async Task AddClipperConfigurationStore_RegistersTheStateOnTheStoresConnection()
    {
        var services = new ServiceCollection()
            .AddClipperConfigurationStore(new RedisStoreOptions { RedisAddress = redis.Server.Address, KeyPrefix = _prefix });
        await using var provider = services.BuildServiceProvider();

        var state = provider.GetRequiredService<IPolicyStateStore>();
        await state.AddAsync("app", new[] { ("m1", -0.75) }).WithTimeout();

        Assert.IsType<RedisPolicyState>(state);
        Assert.Equal(-0.75, (await _state.LoadAsync("app").WithTimeout())["m1"]);
    }
}
