using Clipper.Configuration.Watching;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>Each test owns its Redis server, since it stops and restarts it.</summary>
public sealed class ConfigurationWatcherOutageTests
{
    private static readonly ConfigurationWatcherOptions s_fastRetries = new()
    {
        LoadTimeout = TimeSpan.FromSeconds(2),
        InitialRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        ResyncInterval = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public async Task Start_RedisGoesAway_KeepsTheLastSnapshotAndResynchronisesAfterARestart()
    {
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        var prefix = TestKeys.NewPrefix();
        var writer = scope.Add(StoreFactory.Connect(server, prefix));
        var reader = scope.Add(StoreFactory.Connect(server, prefix, TimeSpan.FromSeconds(1)));
        var watcher = scope.Add(new ConfigurationWatcher(reader, s_fastRetries));
        await writer.AddApplicationAsync(StoreFactory.App("before")).AssertApplied();
        watcher.Start();
        await watcher.WaitUntilAsync(c => c.Applications.ContainsKey("before"));

        await server.StopAsync();
        await WaitUntilAsync(() => !watcher.IsSynchronized);

        Assert.True(watcher.Current.Applications.ContainsKey("before"));

        // The restarted server is empty; what is written now (possibly before the watcher reconnects, so
        // without it hearing the notification) must replace the old snapshot.
        await server.RestartAsync().WithTimeout();
        await writer.AddApplicationAsync(StoreFactory.App("after")).AssertApplied();

        var resynchronised = await watcher.WaitUntilAsync(c => c.Applications.ContainsKey("after"));
        Assert.False(resynchronised.Applications.ContainsKey("before"));
        await WaitUntilAsync(() => watcher.IsSynchronized);

        await writer.AddApplicationAsync(StoreFactory.App("live-again")).AssertApplied();
        await watcher.WaitUntilAsync(c => c.Applications.ContainsKey("live-again"));
    }

    [Fact]
    public async Task Load_RedisRestartedEmpty_KeepsTheLastConfigurationUntilConfigurationIsRegisteredAgain()
    {
        // Found by the fault harness (bench/Clipper.Faults, redis-restart-no-aof): a Redis restarted without
        // persistence made every query frontend follow the empty store, so every application answered 404.
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        var prefix = TestKeys.NewPrefix();
        var writer = scope.Add(StoreFactory.Connect(server, prefix));
        var reader = scope.Add(StoreFactory.Connect(server, prefix, TimeSpan.FromSeconds(1)));
        var watcher = scope.Add(new ConfigurationWatcher(reader, s_fastRetries));
        await writer.AddApplicationAsync(StoreFactory.App("kept")).AssertApplied();
        await writer.AddModelVersionAsync(StoreFactory.Model("m", "1")).AssertApplied();
        watcher.Start();
        var before = await watcher.WaitUntilAsync(c => c.Applications.ContainsKey("kept") && c.ModelVersions.Count == 1);

        await server.RestartAsync().WithTimeout();
        // A frontend registers its replicas again in the new, empty data set, which gives it a new epoch.
        await writer.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 0, "frontend-a")).AssertApplied();
        var kept = await watcher.WaitUntilAsync(c => c.Epoch != before.Epoch && c.Replicas.Count == 1);

        Assert.True(kept.Applications.ContainsKey("kept"), "the application of the lost data set was dropped");
        Assert.Single(kept.ModelVersions);
        Assert.True(watcher.IsKeepingLostConfiguration);

        // Configuration registered anew is followed again, and what was kept is gone.
        await writer.AddApplicationAsync(StoreFactory.App("new")).AssertApplied();
        var followed = await watcher.WaitUntilAsync(c => c.Applications.ContainsKey("new"));
        Assert.False(followed.Applications.ContainsKey("kept"));
        Assert.Empty(followed.ModelVersions);
        Assert.False(watcher.IsKeepingLostConfiguration);
    }

    [Fact]
    public async Task Load_EverythingDeletedInTheSameDataSet_FollowsTheEmptyStore()
    {
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        var prefix = TestKeys.NewPrefix();
        var writer = scope.Add(StoreFactory.Connect(server, prefix));
        var reader = scope.Add(StoreFactory.Connect(server, prefix, TimeSpan.FromSeconds(1)));
        var watcher = scope.Add(new ConfigurationWatcher(reader, s_fastRetries));
        await writer.AddApplicationAsync(StoreFactory.App("deleted")).AssertApplied();
        watcher.Start();
        await watcher.WaitUntilAsync(c => c.Applications.ContainsKey("deleted"));

        await writer.DeleteApplicationAsync("deleted").AssertApplied();

        await watcher.WaitUntilAsync(c => c.Applications.Count == 0);
        Assert.False(watcher.IsKeepingLostConfiguration);
    }

    [Fact]
    public async Task Start_BeforeRedis_LoadsOnceRedisComesUp()
    {
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        await server.StopAsync();
        var prefix = TestKeys.NewPrefix();
        var reader = scope.Add(StoreFactory.Connect(server, prefix, TimeSpan.FromSeconds(1)));
        var watcher = scope.Add(new ConfigurationWatcher(reader, s_fastRetries));

        watcher.Start();
        Assert.False(watcher.WaitForFirstLoadAsync().IsCompleted);
        await server.RestartAsync().WithTimeout();
        var writer = scope.Add(StoreFactory.Connect(server, prefix));
        await writer.AddApplicationAsync(StoreFactory.App("late")).AssertApplied();

        await watcher.WaitUntilAsync(c => c.Applications.ContainsKey("late"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
