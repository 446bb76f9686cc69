using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Configuration;

public sealed class RedisConfigurationStoreReplicaTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly RedisConfigurationStore _store = StoreFactory.Connect(redis.Server);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync().AsTask().WithTimeout();

    [Fact]
    public async Task RegisterReplica_RoundTripsEveryField()
    {
        var replica = StoreFactory.Replica("m", "1", 0, "frontend-a");

        await _store.RegisterReplicaAsync(replica).AssertApplied();

        var snapshot = await _store.LoadAsync().WithTimeout();
        Assert.Equal(replica, snapshot.Replicas[replica.Key]);
    }

    [Fact]
    public async Task RegisterReplica_WithReconnectsAndDraining_RoundTripsThem()
    {
        var replica = StoreFactory.Replica("m", "1", 0, "frontend-a") with { Reconnects = 4, State = ReplicaConnectionStates.Draining };

        await _store.RegisterReplicaAsync(replica).AssertApplied();

        var snapshot = await _store.LoadAsync().WithTimeout();
        Assert.Equal(replica, snapshot.Replicas[replica.Key]);
    }

    [Fact]
    public async Task RegisterReplica_ClipperProtocol_RoundTripsItsProtocol()
    {
        var replica = StoreFactory.Replica("m", "1", 0, "frontend-a") with { Protocol = ReplicaProtocols.ClipperZmq };

        await _store.RegisterReplicaAsync(replica).AssertApplied();

        var snapshot = await _store.LoadAsync().WithTimeout();
        Assert.Equal(ReplicaProtocols.ClipperZmq, snapshot.Replicas[replica.Key].Protocol);
    }

    [Fact]
    public async Task RenewFrontend_WithRefusedContainers_RoundTripsThem()
    {
        var refusal = new RefusedContainerRecord
        {
            At = DateTimeOffset.Parse("2026-12-07T02:00:36.9771487+00:00", System.Globalization.CultureInfo.InvariantCulture),
            Protocol = ReplicaProtocols.ClipperZmq,
            Address = "10.0.0.7:51234",
            Model = "m:1",
            Reason = "the container speaks Clipper's container RPC version 2; this frontend speaks version 3",
        };
        var frontend = new FrontendRecord
        {
            Id = "refusing-" + Guid.NewGuid().ToString("N"), RpcHost = "127.0.0.1", RpcPort = 7000, HttpAddress = "http://127.0.0.1:1337",
            StartedAt = DateTimeOffset.UnixEpoch, RefusedContainers = [refusal],
        };

        await _store.RenewFrontendAsync(frontend, TimeSpan.FromSeconds(30)).WithTimeout();

        var read = Assert.Single(await _store.GetFrontendsAsync().WithTimeout(), f => f.Id == frontend.Id);
        Assert.Equal(refusal, Assert.Single(read.RefusedContainers));
        await _store.RemoveFrontendAsync(frontend.Id).WithTimeout();
    }

    [Fact]
    public async Task AllocateReplicaId_HandsOutDistinctIdsFromZero()
    {
        var model = new ModelVersionId("m", "1");

        var ids = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _store.AllocateReplicaIdAsync(model))).WithTimeout();

        Assert.Equal(Enumerable.Range(0, 10), ids.Order());
    }

    [Fact]
    public async Task RemoveReplica_RemovesOneAndRefusesAnUnknownOne()
    {
        var a = StoreFactory.Replica("m", "1", 0, "f");
        var b = StoreFactory.Replica("m", "1", 1, "f");
        await _store.RegisterReplicaAsync(a).AssertApplied();
        await _store.RegisterReplicaAsync(b).AssertApplied();

        await _store.RemoveReplicaAsync(a.Key).AssertApplied();

        Assert.Equal([b.Key], (await _store.LoadAsync().WithTimeout()).Replicas.Keys.ToArray());
        await _store.RemoveReplicaAsync(a.Key).AssertRefused(ConfigurationErrorCode.NotFound);
    }

    [Fact]
    public async Task RemoveReplicasOfFrontend_RemovesOnlyThatFrontendsReplicas()
    {
        await _store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 0, "f1")).AssertApplied();
        await _store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 1, "f1")).AssertApplied();
        await _store.RegisterReplicaAsync(StoreFactory.Replica("n", "2", 0, "f2")).AssertApplied();

        await _store.RemoveReplicasOfFrontendAsync("f1").AssertApplied();

        var snapshot = await _store.LoadAsync().WithTimeout();
        Assert.Equal(["f2"], snapshot.Replicas.Values.Select(r => r.FrontendId));
        await _store.RemoveReplicasOfFrontendAsync("f1").AssertApplied();
    }

    [Fact]
    public async Task RemoveReplicasOfFrontend_ReplicaTakenOverByAnotherFrontend_KeepsIt()
    {
        await _store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 0, "old")).AssertApplied();
        await _store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 0, "new")).AssertApplied();

        await _store.RemoveReplicasOfFrontendAsync("old").AssertApplied();

        Assert.Equal("new", Assert.Single((await _store.LoadAsync().WithTimeout()).Replicas.Values).FrontendId);
    }

    [Fact]
    public async Task RegisterReplica_WithInvalidFields_IsRefused()
    {
        await _store.RegisterReplicaAsync(StoreFactory.Replica("M", "1", 0, "f")).AssertRefused(ConfigurationErrorCode.InvalidName);
        await _store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", -1, "f")).AssertRefused(ConfigurationErrorCode.InvalidValue);
        await _store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 0, " ")).AssertRefused(ConfigurationErrorCode.InvalidValue);
        Assert.Empty((await _store.LoadAsync().WithTimeout()).Replicas);
    }
}
