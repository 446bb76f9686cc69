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
