using System.Net;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;
using Clipper.Testing;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// A real query frontend process answers GET /healthz while it lives and GET /readyz (and the older GET /ready) with its
/// checks: not ready before it reached Redis and while it drains, ready otherwise; over HTTPS too, without credentials.
/// </summary>
public sealed class FrontendHealthTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task HealthzAndReadyz_RedisUp_Answer200WithoutCredentials()
    {
        await using var redis = await RedisServer.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http);

        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(http, frontend, "healthz"));
        await Eventually.TrueAsync(async () => (await GetAsync(http, frontend, "readyz")).Status == HttpStatusCode.OK, s_timeout, () => frontend.Output);
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await GetAsync(http, frontend, "readyz"));
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await GetAsync(http, frontend, "ready"));
        Assert.Equal((HttpStatusCode.OK, "ready\nconfiguration: loaded\nlisteners: up\ndraining: no\n"), await GetAsync(http, frontend, "readyz?verbose"));
    }

    [Fact]
    public async Task Readyz_RedisUnreachable_Answers503NamingConfigurationUntilRedisComesUp()
    {
        await using var redis = await RedisServer.StartAsync();
        await redis.StopAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http);

        var (status, body) = await GetAsync(http, frontend, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not ready\nconfiguration: not loaded (Redis not reached yet)\nlisteners: up\ndraining: no\n", body);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, body), await GetAsync(http, frontend, "ready"));

        // Alive all the same: a liveness probe must not restart a frontend for Redis being away.
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(http, frontend, "healthz"));

        await redis.RestartAsync();
        await Eventually.TrueAsync(async () => (await GetAsync(http, frontend, "readyz")).Status == HttpStatusCode.OK, s_timeout, () => frontend.Output);
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await GetAsync(http, frontend, "readyz"));
    }

    [Fact]
    public async Task Readyz_DuringTheShutdownDelay_Answers503Draining()
    {
        await using var redis = await RedisServer.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http, "--shutdown-delay-ms", "8000");
        await Eventually.TrueAsync(async () => (await GetAsync(http, frontend, "readyz")).Status == HttpStatusCode.OK, s_timeout, () => frontend.Output);

        await frontend.SignalTerminateAsync(s_timeout);

        // Fresh connections each time: the draining frontend closes the ones it had.
        await Eventually.TrueAsync(
            async () =>
            {
                using var fresh = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
                return (await GetAsync(fresh, frontend, "readyz")).Status == HttpStatusCode.ServiceUnavailable;
            },
            TimeSpan.FromSeconds(6),
            () => frontend.Output);
        using (var fresh = new HttpClient { Timeout = TimeSpan.FromSeconds(3) })
        {
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready\nconfiguration: loaded\nlisteners: up\ndraining: yes\n"), await GetAsync(fresh, frontend, "readyz"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(fresh, frontend, "ready")).Status);
            Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(fresh, frontend, "healthz"));
        }

        Assert.Equal(0, await frontend.WaitForExitAsync(s_timeout));
    }

    [Fact]
    public async Task HealthzAndReadyz_Https_Answer200OverTls()
    {
        using var files = TestCertificates.Create();
        await using var redis = await RedisServer.StartAsync();
        using var trust = TlsTrust.FromCaFile(files.CaPath);
        using var https = new HttpClient(trust.CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        await using var frontend = await FrontendProcess.StartHttpsAsync(
            redis.Address, FreePort.Next(), FreePort.Next(), https, "--tls-cert", files.CertificatePath, "--tls-key", files.KeyPath);

        Assert.Equal("https", frontend.BaseAddress.Scheme);
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(https, frontend, "healthz"));
        await Eventually.TrueAsync(async () => (await GetAsync(https, frontend, "readyz")).Status == HttpStatusCode.OK, s_timeout, () => frontend.Output);
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await GetAsync(https, frontend, "readyz"));
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, FrontendProcess frontend, string path)
    {
        using var response = await http.GetAsync(new Uri(frontend.BaseAddress, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
