using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Clipper.Admin.Connection;
using Clipper.Admin.Management;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;
using StackExchange.Redis;

namespace Clipper.Integration.Tests.Management;

/// <summary>
/// Who may call the management API: loopback always; other addresses with the cluster's admin token, or anyone when the
/// operator said --insecure-admin; nobody beyond loopback when no token was given. Calls come from this machine's own
/// non-loopback address over real TCP, against a frontend bound to every interface.
/// </summary>
public sealed class AdminAccessTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string AddApp = """{"name": "guarded", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 100000}""";

    private readonly ClusterToken _token = ClusterToken.Create();

    [Fact]
    public async Task Post_FromBeyondLoopbackWithoutToken_Is401AskingForItAndStoresNothing()
    {
        await using var frontend = await StartAsync(options => options.AdminToken = _token);

        using var response = await PostAsync(frontend, "add_app", AddApp, authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"clipper-admin\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("needs the cluster's admin token: send 'Authorization: Bearer TOKEN'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNoKeysAsync(frontend);
    }

    [Theory]
    [InlineData("Bearer not-the-cluster-token-at-all", "is not this cluster's")]
    [InlineData("Basic dXNlcjpwYXNz", "must be 'Bearer TOKEN'")]
    public async Task Post_FromBeyondLoopbackWithWrongCredential_Is401SayingWhy(string authorization, string expected)
    {
        await using var frontend = await StartAsync(options => options.AdminToken = _token);

        using var response = await PostAsync(frontend, "add_app", AddApp, authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNoKeysAsync(frontend);
    }

    [Fact]
    public async Task Post_FromBeyondLoopbackWithTheToken_IsServed()
    {
        await using var frontend = await StartAsync(options => options.AdminToken = _token);

        using var response = await PostAsync(frontend, "add_app", AddApp, "Bearer " + _token.Value);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        (await frontend.PostAsync("get_application", """{"name": "guarded"}""")).AssertOk();
    }

    [Fact]
    public async Task Post_FromLoopbackWithoutToken_IsServedSoClippersOwnToolsKeepWorking()
    {
        await using var frontend = await StartAsync(options => options.AdminToken = _token);

        (await frontend.PostAsync("add_app", AddApp)).AssertOk();
    }

    [Fact]
    public async Task Post_FromBeyondLoopbackToAFrontendWithoutToken_Is403LoopbackOnly()
    {
        await using var frontend = await StartAsync(configure: null);

        using var response = await PostAsync(frontend, "add_app", AddApp, "Bearer " + _token.Value);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("serves admin requests from loopback only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNoKeysAsync(frontend);
    }

    [Fact]
    public async Task Post_FromBeyondLoopbackWhenInsecure_IsServedWithoutToken()
    {
        await using var frontend = await StartAsync(options => options.InsecureAdmin = true);

        using var response = await PostAsync(frontend, "add_app", AddApp, authorization: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ping_FromBeyondLoopbackWithoutToken_AnswersForProbes()
    {
        await using var frontend = await StartAsync(options => options.AdminToken = _token);
        using var http = new HttpClient { Timeout = TestTimeouts.Default };

        using var response = await http.GetAsync(new Uri(Beyond(frontend), "admin/ping")).WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Logs_OfRightAndWrongTokens_NeverHoldATokenAndNameTheCaller()
    {
        using var logs = new LogCapture();
        await using var frontend = await StartAsync(options => options.AdminToken = _token, logs);

        using (await PostAsync(frontend, "add_app", AddApp, "Bearer wrong-token-sent-by-a-caller"))
        using (await PostAsync(frontend, "add_app", AddApp, "Bearer " + _token.Value))
        {
        }

        Assert.Contains(logs.Entries, e => e.EventName == "Access" && e.Message.Contains("admin token required", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.EventName == "AdminRefused" && e.Message.Contains(LocalAddresses.NonLoopbackIPv4().ToString(), StringComparison.Ordinal) && e.Message.Contains("wrong token", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(_token.Value, StringComparison.Ordinal) || e.Message.Contains("wrong-token-sent-by-a-caller", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManagementClient_WithTheClustersToken_IsServedFromBeyondLoopbackAndWithoutItIsToldWhere()
    {
        await using var frontend = await StartAsync(options => options.AdminToken = _token);
        using var withToken = new ManagementClient(Beyond(frontend), TestTimeouts.Default, _token);
        using var withoutToken = new ManagementClient(Beyond(frontend), TestTimeouts.Default, adminToken: null);

        await withToken.PostAsync("add_app", new { name = "guarded", input_type = "doubles", default_output = "-1", latency_slo_micros = 100000 }, CancellationToken.None).WithTimeout();
        var error = await Assert.ThrowsAsync<ClipperException>(() => withoutToken.PostAsync("get_all_applications", new { verbose = false }, CancellationToken.None).WithTimeout());

        Assert.Contains("(401)", error.Message, StringComparison.Ordinal);
        Assert.Contains("The admin token is kept by the cluster's manager", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InsecureWithAToken_IsRefusedAsContradictory()
    {
        var options = new ManagementFrontendOptions { AdminToken = _token, InsecureAdmin = true };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("give one or the other", error.Message, StringComparison.Ordinal);
    }

    private Task<ManagementFrontendHost> StartAsync(Action<ManagementFrontendOptions>? configure, LogCapture? logs = null) =>
        ManagementFrontendHost.StartAsync(redis.Server.Address, configure: options =>
        {
            options.BindAddress = "0.0.0.0";
            configure?.Invoke(options);
        }, logs: logs).WithTimeout();

    private static Uri Beyond(ManagementFrontendHost frontend) => new($"http://{LocalAddresses.NonLoopbackIPv4()}:{frontend.BaseAddress.Port}/");

    private static async Task<HttpResponseMessage> PostAsync(ManagementFrontendHost frontend, string operation, string json, string? authorization)
    {
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Beyond(frontend), "admin/" + operation))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await http.SendAsync(request).WithTimeout();
    }

    private async Task AssertNoKeysAsync(ManagementFrontendHost frontend)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        Assert.Empty(server.Keys(pattern: frontend.KeyPrefix + "*").ToList());
    }
}
