using System.Net;
using Clipper.Admin.Management;
using Clipper.Configuration;
using Clipper.Integration.Tests.Configuration;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;

namespace Clipper.Integration.Tests.Management;

/// <summary>
/// <c>GET /prometheus/targets</c>: Prometheus's HTTP service discovery of the live query frontends, from their leases in a
/// real Redis, under the admin access rules (calls beyond loopback come from this machine's own non-loopback address).
/// </summary>
public sealed class PrometheusTargetsEndpointTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly ClusterToken _token = ClusterToken.Create();

    [Fact]
    public async Task Get_NoFrontend_AnswersAnEmptyListAsJson()
    {
        await using var frontend = await StartAsync();

        using var response = await GetAsync(frontend.BaseAddress, authorization: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_LiveFrontends_OneGroupEachByIdWithTheirOwnAddressAndExpiredOnesLeftOut()
    {
        await using var frontend = await StartAsync();
        await using (var scope = new TestScope())
        {
            var store = scope.Add(StoreFactory.Connect(redis.Server, frontend.KeyPrefix));
            await store.RenewFrontendAsync(Record("qf-b", "https://10.88.0.7:1337"), TimeSpan.FromMinutes(1)).WithTimeout();
            await store.RenewFrontendAsync(Record("qf-a", "http://10.88.0.5:1337/"), TimeSpan.FromMinutes(1)).WithTimeout();
            await store.RenewFrontendAsync(Record("qf-v6", "http://[fd00::5]:1337"), TimeSpan.FromMinutes(1)).WithTimeout();
            await store.RenewFrontendAsync(Record("qf-gone", "http://10.88.0.9:1337"), TimeSpan.FromMilliseconds(200)).WithTimeout();
        }

        await Serving.Eventually.TrueAsync(async () => !(await BodyAsync(frontend.BaseAddress)).Contains("qf-gone", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.Equal(
            """[{"targets":["10.88.0.5:1337"],"labels":{"frontend":"qf-a"}},{"targets":["10.88.0.7:1337"],"labels":{"frontend":"qf-b"}},{"targets":["[fd00::5]:1337"],"labels":{"frontend":"qf-v6"}}]""",
            await BodyAsync(frontend.BaseAddress));
    }

    [Fact]
    public async Task Get_FromBeyondLoopbackWithoutToken_Is401AndWithTheTokenIsServed()
    {
        await using var frontend = await StartAsync(bindEverywhere: true);
        var beyond = new Uri($"http://{LocalAddresses.NonLoopbackIPv4()}:{frontend.BaseAddress.Port}/");

        using (var refused = await GetAsync(beyond, authorization: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("needs the cluster's admin token", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var wrong = await GetAsync(beyond, "Bearer not-the-token"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var served = await GetAsync(beyond, "Bearer " + _token.Value);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Get_RedisAway_Is503NamingTheStoreSoPrometheusKeepsItsTargets()
    {
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        var frontend = scope.Add(await ManagementFrontendHost.StartAsync(server.Address, configure: o => o.RedisOperationTimeout = TimeSpan.FromSeconds(1)).WithTimeout());
        await server.StopAsync();

        using var response = await GetAsync(frontend.BaseAddress, authorization: null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(server.Address, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<ManagementFrontendHost> StartAsync(bool bindEverywhere = false) =>
        ManagementFrontendHost.StartAsync(redis.Server.Address, configure: options =>
        {
            options.AdminToken = _token;
            if (bindEverywhere)
            {
                options.BindAddress = "0.0.0.0";
            }
        }).WithTimeout();

    private static async Task<string> BodyAsync(Uri baseAddress)
    {
        using var response = await GetAsync(baseAddress, authorization: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> GetAsync(Uri baseAddress, string? authorization)
    {
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, PrometheusTargetsEndpoint.Path.TrimStart('/')));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await http.SendAsync(request).WithTimeout();
    }

    private static FrontendRecord Record(string id, string httpAddress) => new()
    {
        Id = id,
        RpcHost = "10.88.0.5",
        RpcPort = 7000,
        HttpAddress = httpAddress,
        StartedAt = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero),
    };
}
