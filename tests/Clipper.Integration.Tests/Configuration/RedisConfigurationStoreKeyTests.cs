using System.Collections.Immutable;
using Clipper.Configuration;
using Clipper.Configuration.Keys;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using StackExchange.Redis;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>API keys in the store: changes like any other (revision, notification), and records written by hand or by older versions.</summary>
public sealed class RedisConfigurationStoreKeyTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string _prefix = TestKeys.NewPrefix();
    private RedisConfigurationStore _store = null!;

    public Task InitializeAsync()
    {
        _store = StoreFactory.Connect(redis.Server, _prefix);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync().AsTask().WithTimeout();

    private static ApiKeyRecord Key(string label = "a")
    {
        var made = ApiKeyFormat.Generate();
        return new ApiKeyRecord { KeyId = made.KeyId, SecretHash = [.. made.SecretHash], Label = label, CreatedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero) };
    }

    [Fact]
    public async Task AddApiKeyAsync_ExistingApp_RoundTripsTheKeyAndMovesTheRevision()
    {
        await _store.AddApplicationAsync(StoreFactory.App("app") with { RequireKey = true }).AssertApplied();
        var key = Key("label with spaces, and \"quotes\"");

        var result = await _store.AddApiKeyAsync("app", key).AssertApplied();
        var snapshot = await _store.LoadAsync().WithTimeout();

        Assert.Equal(2, result.Revision);
        var app = snapshot.Applications["app"];
        Assert.True(app.RequireKey);
        var loaded = Assert.Single(app.ApiKeys);
        Assert.Equal(key.KeyId, loaded.KeyId);
        Assert.Equal(key.SecretHash.ToArray(), loaded.SecretHash.ToArray());
        Assert.Equal(key.Label, loaded.Label);
        Assert.Equal(key.CreatedAt, loaded.CreatedAt);
    }

    [Fact]
    public async Task KeyChanges_EachPublishesOnTheChangeChannel()
    {
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await _store.SubscribeAsync(message =>
        {
            messages.Enqueue(message);
            if (messages.Count == 3)
            {
                three.TrySetResult();
            }
        }).WithTimeout();
        var key = Key();

        await _store.AddApiKeyAsync("app", key).AssertApplied();
        await _store.SetRequireKeyAsync("app", true).AssertApplied();
        await _store.DeleteApiKeyAsync("app", key.KeyId).AssertApplied();
        await three.Task.WithTimeout();

        Assert.Equal(["add_api_key app " + key.KeyId, "set_require_key app on", "delete_api_key app " + key.KeyId], messages);
    }

    [Fact]
    public async Task AddApiKeyAsync_BadRecord_IsRefusedAndNothingIsWritten()
    {
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();

        await _store.AddApiKeyAsync("app", Key() with { KeyId = "XYZ" }).AssertRefused(ConfigurationErrorCode.InvalidValue);
        await _store.AddApiKeyAsync("app", Key() with { SecretHash = ImmutableArray.Create<byte>(1) }).AssertRefused(ConfigurationErrorCode.InvalidValue);
        await _store.AddApiKeyAsync("nope", Key()).AssertRefused(ConfigurationErrorCode.NotFound);

        Assert.Equal(1, (await _store.LoadAsync().WithTimeout()).Revision);
    }

    [Fact]
    public async Task DeleteApiKeyAsync_WholeKeyForItsId_IsRefusedAndNotLoggedAsItsSubject()
    {
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        var made = ApiKeyFormat.Generate();

        var error = await _store.DeleteApiKeyAsync("app", made.Key).AssertRefused(ConfigurationErrorCode.InvalidValue);

        Assert.DoesNotContain(made.Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_RecordsWrittenByHand_KeepsGoodKeysSkipsBadOnesAndReadsAnAbsentFlagAsOff()
    {
        // An application as a version before keys wrote it (no require_key field), then key fields of every kind.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        var database = connection.GetDatabase();
        await _store.AddApplicationAsync(StoreFactory.App("old")).AssertApplied();
        await database.HashDeleteAsync(_prefix + "app:old", "require_key");
        await _store.AddApplicationAsync(StoreFactory.App("keyed") with { RequireKey = true }).AssertApplied();
        var good = Key();
        await _store.AddApiKeyAsync("keyed", good).AssertApplied();
        await database.HashSetAsync(_prefix + "app-keys:keyed",
        [
            new HashEntry("not-an-id", """{"sha256":"00","label":"","created_at":"2025-01-02T03:04:05.0000000+00:00"}"""),
            new HashEntry("00000000000000aa", "not json"),
            new HashEntry("00000000000000bb", """{"sha256":"zz","label":"","created_at":"2025-01-02T03:04:05.0000000+00:00"}"""),
            new HashEntry("00000000000000cc", """{"sha256":"0000000000000000000000000000000000000000000000000000000000000000","label":"x","created_at":"yesterday"}"""),
        ]);

        var snapshot = await _store.LoadAsync().WithTimeout();

        Assert.False(snapshot.Applications["old"].RequireKey);
        Assert.Equal([good.KeyId], snapshot.Applications["keyed"].ApiKeys.Select(k => k.KeyId));
    }

    [Fact]
    public async Task LoadAsync_RequireKeyFlagUnreadable_LeavesTheApplicationOut()
    {
        // Neither open nor closed can be assumed: the application is refused (404) rather than served without its keys.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        await connection.GetDatabase().HashSetAsync(_prefix + "app:app", "require_key", "yes");

        var snapshot = await _store.LoadAsync().WithTimeout();

        Assert.DoesNotContain("app", snapshot.Applications.Keys);
    }
}
