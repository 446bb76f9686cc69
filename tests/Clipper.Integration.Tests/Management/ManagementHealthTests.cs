using System.Net;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;
using Clipper.Testing;

namespace Clipper.Integration.Tests.Management;

/// <summary>
/// The management frontend answers GET /healthz while it lives and GET /readyz with its checks (Redis answers, the
/// listener is up): 503 while Redis is away, with the reason in the log and not in the answer; open to probes without a
/// token, over HTTPS too. Owns its Redis server, since it stops it.
/// </summary>
public sealed class ManagementHealthTests
{
    [Fact]
    public async Task Readyz_RedisDown_Answers503NamingConfigurationAnd200OnceItIsBack()
    {
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        var logs = new LogCapture();
        var frontend = scope.Add(await ManagementFrontendHost.StartAsync(server.Address, logs: logs).WithTimeout());
        // The frontend connects to Redis in the background: until then it answers "still connecting" with a 503.
        await EventuallyAsync(frontend.Client, HttpStatusCode.OK);
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await GetAsync(frontend.Client, "readyz"));
        Assert.Equal((HttpStatusCode.OK, "ready\nconfiguration: Redis answers\nlisteners: up\n"), await GetAsync(frontend.Client, "readyz?verbose"));

        await server.StopAsync();
        await EventuallyAsync(frontend.Client, HttpStatusCode.ServiceUnavailable);

        var (status, body) = await GetAsync(frontend.Client, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not ready\nconfiguration: Redis does not answer\nlisteners: up\n", body);
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(frontend.Client, "healthz"));

        // The reason, with the address, is for the operator's log only.
        Assert.Contains(logs.Entries, e => e.EventName == "NotReady" && e.Message.Contains(server.Address, StringComparison.Ordinal));

        await server.RestartAsync().WithTimeout();
        await EventuallyAsync(frontend.Client, HttpStatusCode.OK);
        Assert.Contains(logs.Entries, e => e.EventName == "ReadyAgain");
    }

    [Fact]
    public async Task Readyz_StartedBeforeRedis_Answers503UntilRedisIsUp()
    {
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        await server.StopAsync();
        var frontend = scope.Add(await ManagementFrontendHost.StartAsync(server.Address).WithTimeout());

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready\nconfiguration: Redis does not answer\nlisteners: up\n"), await GetAsync(frontend.Client, "readyz"));
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(frontend.Client, "healthz"));

        await server.RestartAsync().WithTimeout();
        await EventuallyAsync(frontend.Client, HttpStatusCode.OK);
    }

    [Fact]
    public async Task HealthzAndReadyz_HttpsFromBeyondLoopbackWithoutToken_Answer200()
    {
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        var network = LocalAddresses.NonLoopbackIPv4();
        using var files = TestCertificates.Create(network);
        var frontend = scope.Add(await ManagementFrontendHost.StartAsync(server.Address, configure: options =>
        {
            options.BindAddress = "0.0.0.0";
            options.AdminToken = ClusterToken.Create();
            options.TlsCertificatePath = files.CertificatePath;
            options.TlsKeyPath = files.KeyPath;
        }).WithTimeout());
        using var trust = TlsTrust.FromCaFile(files.CaPath);
        using var https = new HttpClient(trust.CreateHttpHandler()) { BaseAddress = new Uri($"https://{network}:{frontend.BaseAddress.Port}/"), Timeout = TestTimeouts.Default };

        // A probe carries no token: the admin API refuses it, the health paths answer it.
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(https, "healthz"));
        await EventuallyAsync(https, HttpStatusCode.OK);
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await GetAsync(https, "readyz"));
        using var refused = await https.PostAsync("admin/get_all_applications", new StringContent("{}")).WithTimeout();
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path).WithTimeout();
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WithTimeout());
    }

    private static async Task EventuallyAsync(HttpClient http, HttpStatusCode expected)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while ((await GetAsync(http, "readyz")).Status != expected)
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
