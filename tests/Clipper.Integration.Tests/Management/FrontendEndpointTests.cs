using Clipper.Configuration;
using Clipper.Integration.Tests.Configuration;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

/// <summary><c>POST /admin/get_query_frontends</c>: the live frontends from their leases in Redis, each with the replicas connected to it.</summary>
public sealed class FrontendEndpointTests(RedisFixture redis) : ManagementTestBase(redis)
{
    private static readonly DateTimeOffset s_started = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetQueryFrontends_NoFrontend_AnswersAnEmptyArray()
    {
        Assert.Equal("[]", (await Frontend.PostAsync("get_query_frontends", "{}")).AssertOk().Body);
    }

    [Fact]
    public async Task GetQueryFrontends_LiveFrontendsAndReplicas_ListsThemByIdWithReplicasPerModelVersion()
    {
        await using (var scope = new TestScope())
        {
            var store = scope.Add(StoreFactory.Connect(Redis.Server, Frontend.KeyPrefix));
            await store.RenewFrontendAsync(Record("qf-b", 7001), TimeSpan.FromMinutes(1)).WithTimeout();
            await store.RenewFrontendAsync(Record("qf-a", 7000), TimeSpan.FromMinutes(1)).WithTimeout();

            // One container connected to both frontends has a record on each; a second is connected to qf-a alone.
            await store.RegisterReplicaAsync(StoreFactory.Replica("sum", "1", 0, "qf-a") with { ContainerId = "c1" }).AssertApplied();
            await store.RegisterReplicaAsync(StoreFactory.Replica("sum", "1", 1, "qf-b") with { ContainerId = "c1" }).AssertApplied();
            await store.RegisterReplicaAsync(StoreFactory.Replica("sum", "1", 2, "qf-a") with { ContainerId = "c2" }).AssertApplied();
            await store.RegisterReplicaAsync(StoreFactory.Replica("echo", "3", 0, "qf-a") with { ContainerId = "c3" }).AssertApplied();
            await store.RegisterReplicaAsync(StoreFactory.Replica("sum", "1", 3, "qf-gone") with { ContainerId = "c4" }).AssertApplied();
        }

        var frontends = (await Frontend.PostAsync("get_query_frontends", "{}")).AssertOk().Json;

        Assert.Equal(2, frontends.GetArrayLength());
        var a = frontends[0];
        Assert.Equal("qf-a", a.GetProperty("id").GetString());
        Assert.Equal("10.0.0.5:7000", a.GetProperty("rpc_address").GetString());
        Assert.Equal("http://10.0.0.5:17000", a.GetProperty("http_address").GetString());
        Assert.Equal(s_started, DateTimeOffset.Parse(a.GetProperty("started_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("""{"echo:3":1,"sum:1":2}""", a.GetProperty("replicas").GetRawText());
        var b = frontends[1];
        Assert.Equal("qf-b", b.GetProperty("id").GetString());
        Assert.Equal("""{"sum:1":1}""", b.GetProperty("replicas").GetRawText());
    }

    [Fact]
    public async Task GetQueryFrontends_LeaseExpired_LeavesTheFrontendOut()
    {
        await using (var scope = new TestScope())
        {
            var store = scope.Add(StoreFactory.Connect(Redis.Server, Frontend.KeyPrefix));
            await store.RenewFrontendAsync(Record("qf-live", 7000), TimeSpan.FromMinutes(1)).WithTimeout();
            await store.RenewFrontendAsync(Record("qf-dying", 7001), TimeSpan.FromMilliseconds(200)).WithTimeout();
        }

        await Serving.Eventually.TrueAsync(
            async () => (await Frontend.PostAsync("get_query_frontends", "{}")).AssertOk().Json.GetArrayLength() == 1,
            TimeSpan.FromSeconds(10));
        Assert.Equal("qf-live", (await Frontend.PostAsync("get_query_frontends", "{}")).AssertOk().Json[0].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("{\"verbose\": ", "Error parsing JSON: JSON parse error: ")]
    [InlineData("[]", "Error parsing JSON: Can only get key-value pair from an object; the body is Array")]
    [InlineData("\"all\"", "Error parsing JSON: Can only get key-value pair from an object; the body is String")]
    [InlineData("", "Error parsing JSON: JSON parse error: ")]
    public async Task GetQueryFrontends_BodyNotAnObject_IsRefusedWithTheExpectedSchema(string body, string expected)
    {
        (await Frontend.PostAsync("get_query_frontends", body)).AssertBadRequest(expected, "Expected JSON schema: {}");
    }

    private static FrontendRecord Record(string id, int rpcPort) => new()
    {
        Id = id,
        RpcHost = "10.0.0.5",
        RpcPort = rpcPort,
        HttpAddress = "http://10.0.0.5:1" + rpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        StartedAt = s_started,
    };
}
