using Clipper.Configuration.Redis;
using Clipper.Configuration.Watching;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Configuration;

public sealed class ConfigurationWatcherTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string _prefix = TestKeys.NewPrefix();
    private RedisConfigurationStore _writer = null!;
    private RedisConfigurationStore _reader = null!;
    private ConfigurationWatcher _watcher = null!;

    public Task InitializeAsync()
    {
        // The watcher reads through its own connection, as a query frontend would.
        _writer = StoreFactory.Connect(redis.Server, _prefix);
        _reader = StoreFactory.Connect(redis.Server, _prefix);
        _watcher = new ConfigurationWatcher(_reader, new ConfigurationWatcherOptions { ResyncInterval = TimeSpan.FromMinutes(10) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _watcher.DisposeAsync().AsTask().WithTimeout();
        await _reader.DisposeAsync().AsTask().WithTimeout();
        await _writer.DisposeAsync().AsTask().WithTimeout();
    }

    [Fact]
    public async Task Start_LoadsTheExistingConfiguration()
    {
        await _writer.AddApplicationAsync(StoreFactory.App("existing")).AssertApplied();

        _watcher.Start();
        await _watcher.WaitForFirstLoadAsync().WithTimeout();

        Assert.True(_watcher.Current.Applications.ContainsKey("existing"));
        Assert.True(_watcher.IsSynchronized);
    }

    [Fact]
    public async Task Start_LaterChanges_AreSeenLive()
    {
        _watcher.Start();
        await _watcher.WaitForFirstLoadAsync().WithTimeout();
        var model = new ModelVersionId("m", "1");

        await _writer.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        await _watcher.WaitUntilAsync(c => c.Applications.ContainsKey("app"));

        await _writer.AddModelVersionAsync(StoreFactory.Model("m", "1")).AssertApplied();
        await _watcher.WaitUntilAsync(c => c.CurrentVersions.TryGetValue("m", out var v) && v.Version == "1");

        await _writer.AddModelLinksAsync("app", ["m"]).AssertApplied();
        await _watcher.WaitUntilAsync(c => c.Applications["app"].LinkedModels.Contains("m"));

        await _writer.AddModelVersionAsync(StoreFactory.Model("m", "2")).AssertApplied();
        await _watcher.WaitUntilAsync(c => c.CurrentVersions["m"].Version == "2");

        await _writer.SetCurrentModelVersionAsync(model).AssertApplied();
        await _watcher.WaitUntilAsync(c => c.CurrentVersions["m"].Version == "1");

        await _writer.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 0, "f")).AssertApplied();
        await _watcher.WaitUntilAsync(c => c.Replicas.Count == 1);

        await _writer.RemoveReplicasOfFrontendAsync("f").AssertApplied();
        await _watcher.WaitUntilAsync(c => c.Replicas.Count == 0);

        await _writer.DeleteModelLinksAsync("app", ["m"]).AssertApplied();
        await _watcher.WaitUntilAsync(c => c.Applications["app"].LinkedModels.IsEmpty);

        await _writer.DeleteModelVersionAsync(new ModelVersionId("m", "2")).AssertApplied();
        await _watcher.WaitUntilAsync(c => !c.ModelVersions.ContainsKey(new ModelVersionId("m", "2")));

        await _writer.DeleteApplicationAsync("app").AssertApplied();
        var last = await _watcher.WaitUntilAsync(c => c.Applications.Count == 0);

        Assert.Equal(10, last.Revision);
    }

    [Fact]
    public async Task Changed_NewRevisions_IsRaisedOncePerRevisionInOrder()
    {
        var revisions = new List<long>();
        _watcher.Changed += c =>
        {
            lock (revisions)
            {
                revisions.Add(c.Revision);
            }
        };
        _watcher.Start();
        await _watcher.WaitForFirstLoadAsync().WithTimeout();

        for (var i = 0; i < 20; i++)
        {
            await _writer.AddApplicationAsync(StoreFactory.App("app" + i)).AssertApplied();
        }

        await _watcher.WaitUntilAsync(c => c.Revision == 20);
        lock (revisions)
        {
            // A burst may be coalesced into fewer loads, but revisions never repeat nor go back.
            Assert.Equal(revisions.Distinct().Order(), revisions);
            Assert.Equal(20, revisions[^1]);
        }
    }

    [Fact]
    public async Task Changed_HandlerThrows_DoesNotStopTheWatcher()
    {
        _watcher.Changed += _ => throw new InvalidOperationException("subscriber bug");
        _watcher.Start();

        await _writer.AddApplicationAsync(StoreFactory.App("first")).AssertApplied();
        await _watcher.WaitUntilAsync(c => c.Applications.ContainsKey("first"));
        await _writer.AddApplicationAsync(StoreFactory.App("second")).AssertApplied();

        await _watcher.WaitUntilAsync(c => c.Applications.ContainsKey("second"));
    }
}
