using Clipper.Integration.Tests.Configuration;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

public sealed class ContainerEndpointTests(RedisFixture redis) : ManagementTestBase(redis)
{
    [Fact]
    public async Task GetAllContainers_NoReplicas_AnswersAnEmptyArray()
    {
        Assert.Equal("[]", (await Frontend.PostAsync("get_all_containers", new { verbose = false })).AssertOk().Body);
    }

    [Fact]
    public async Task GetAllContainers_ListsReplicasRegisteredByFrontends()
    {
        await Frontend.AddModelAsync("m", "1", "floats");
        await using (var scope = new TestScope())
        {
            var store = scope.Add(StoreFactory.Connect(Redis.Server, Frontend.KeyPrefix));
            await store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 1, "frontend-a")).AssertApplied();
            await store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 0, "frontend-a")).AssertApplied();
        }

        var names = (await Frontend.PostAsync("get_all_containers", new { verbose = false })).AssertOk();
        var verbose = (await Frontend.PostAsync("get_all_containers", new { verbose = true })).AssertOk().Json;

        Assert.Equal("[\"m:1:0\",\"m:1:1\"]", names.Body);
        var first = verbose[0];
        Assert.Equal("m:1", first.GetProperty("model_id").GetString());
        Assert.Equal("m", first.GetProperty("model_name").GetString());
        Assert.Equal("1", first.GetProperty("model_version").GetString());
        Assert.Equal(0, first.GetProperty("model_replica_id").GetInt32());
        Assert.Equal("floats", first.GetProperty("input_type").GetString());
        Assert.Equal("frontend-a", first.GetProperty("frontend_id").GetString());
    }

    [Fact]
    public async Task GetContainer_ReturnsTheReplicaOrAnEmptyObject()
    {
        await using (var scope = new TestScope())
        {
            var store = scope.Add(StoreFactory.Connect(Redis.Server, Frontend.KeyPrefix));
            await store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 3, "frontend-a")).AssertApplied();
        }

        var found = (await Frontend.PostAsync("get_container", new { model_name = "m", model_version = "1", replica_id = 3 })).AssertOk().Json;
        var missing = (await Frontend.PostAsync("get_container", new { model_name = "m", model_version = "1", replica_id = 4 })).AssertOk();

        Assert.Equal(3, found.GetProperty("model_replica_id").GetInt32());
        Assert.Equal("container-3", found.GetProperty("container_id").GetString());
        Assert.Equal("10.0.0.1:50003", found.GetProperty("address").GetString());
        Assert.Equal("{}", missing.Body);
    }

    [Fact]
    public async Task GetContainer_AnswersStateAndReconnectsAfterTheFieldsItHad()
    {
        await Frontend.AddModelAsync("m", "1", "doubles");
        await using (var scope = new TestScope())
        {
            var store = scope.Add(StoreFactory.Connect(Redis.Server, Frontend.KeyPrefix));
            await store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 5, "frontend-a") with { Reconnects = 2, State = Clipper.Configuration.ReplicaConnectionStates.Draining }).AssertApplied();
            await store.RegisterReplicaAsync(StoreFactory.Replica("m", "1", 6, "frontend-a")).AssertApplied();
        }

        var found = (await Frontend.PostAsync("get_container", new { model_name = "m", model_version = "1", replica_id = 5 })).AssertOk().Json;
        var all = (await Frontend.PostAsync("get_all_containers", new { verbose = true })).AssertOk().Json;

        Assert.Equal(
            ["model_id", "model_name", "model_version", "model_replica_id", "input_type", "container_id", "frontend_id", "address", "connected_at", "protocol", "state", "reconnects"],
            found.EnumerateObject().Select(p => p.Name));
        Assert.Equal("draining", found.GetProperty("state").GetString());
        Assert.Equal(2, found.GetProperty("reconnects").GetInt32());
        var first = all.EnumerateArray().Single(r => r.GetProperty("model_replica_id").GetInt32() == 6);
        Assert.Equal("connected", first.GetProperty("state").GetString());
        Assert.Equal(0, first.GetProperty("reconnects").GetInt32());
    }
}
