using System.Net;
using System.Text;
using Clipper.Configuration.Keys;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;
using Clipper.QueryFrontend;
using Clipper.QueryFrontend.Hosting;
using Microsoft.Extensions.Logging;
using static Clipper.Integration.Tests.Serving.KeyedFrontend;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// API keys with every log line of both frontends kept: key operations are guarded like every management operation,
/// and no key, right or wrong, reaches a log.
/// </summary>
public sealed class ApiKeyLoggingTests
{
    [Fact]
    public async Task KeyOperations_FromBeyondLoopbackWithoutTheAdminToken_AreRefused()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var management = await ManagementFrontendHost.StartAsync(redis.Address, configure: options =>
        {
            options.BindAddress = "0.0.0.0";
            options.AdminToken = ClusterToken.Create();
        });
        await management.AddAppAsync("my-app");
        using var http = new HttpClient { Timeout = TestTimeouts.Default };

        foreach (var (operation, body) in new[]
        {
            ("add_api_key", """{"app_name": "my-app"}"""),
            ("get_api_keys", """{"app_name": "my-app"}"""),
            ("delete_api_key", """{"app_name": "my-app", "key_id": "0123456789abcdef"}"""),
            ("set_require_key", """{"app_name": "my-app", "require_key": true}"""),
        })
        {
            using var response = await http.PostAsync(
                new Uri($"http://{LocalAddresses.NonLoopbackIPv4()}:{management.BaseAddress.Port}/admin/{operation}"),
                new StringContent(body, Encoding.UTF8, "application/json")).WithTimeout();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation} answered {(int)response.StatusCode}");
        }

        Assert.Equal(0, (await management.PostAsync("get_api_keys", new { app_name = "my-app" })).AssertOk().Json.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task Logs_OfKeysMadeSentAndRevoked_NeverHoldAKey()
    {
        await using var redis = await RedisServer.StartAsync();
        using var managementLogs = new LogCapture();
        using var frontendLogs = new LogCapture();
        await using var management = await ManagementFrontendHost.StartAsync(redis.Address, "clipper:", logs: managementLogs);
        var options = new QueryFrontendOptions { RedisAddress = redis.Address, BindAddress = "127.0.0.1", HttpPort = FreePort.Next(), RpcPort = FreePort.Next() };
        await using var frontend = QueryFrontendServer.Create(options, logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(frontendLogs));
        await frontend.StartAsync().WithTimeout();
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        var wrong = ApiKeyFormat.Generate().Key;
        string key = "";
        await ChangeAndWaitAsync(frontend, async () =>
        {
            (await management.PostAsync("add_app", new { name = "my-app", input_type = "doubles", default_output = "-1", latency_slo_micros = 100000, require_key = true })).AssertOk();
            key = (await management.PostAsync("add_api_key", new { app_name = "my-app", label = "logged?" })).AssertOk().Json.GetProperty("key").GetString()!;
        }, snapshot => snapshot.TryGetApplication("my-app", out var app) && app.ApiKeys.Length == 1);

        var accepted = await PredictAsync(http, frontend.HttpPort, "my-app", ("Authorization", "Bearer " + key));
        var refused = await PredictAsync(http, frontend.HttpPort, "my-app", ("X-Clipper-Api-Key", wrong));
        (await management.PostAsync("delete_api_key", new { app_name = "my-app", key_id = key })).AssertBadRequest("a whole API key was given");
        (await management.PostAsync("delete_api_key", new { app_name = "my-app", key_id = key[3..19] })).AssertOk();
        await frontend.StopAsync().WithTimeout();

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Contains(frontendLogs.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains("Prediction for my-app from 127.0.0.1 refused: API key invalid", StringComparison.Ordinal));
        Assert.Contains(managementLogs.Entries, e => e.Message.Contains("delete_api_key my-app " + key[3..19], StringComparison.Ordinal));
        var all = managementLogs.Entries.Concat(frontendLogs.Entries).ToList();
        foreach (var secret in new[] { key[20..], wrong[20..] })
        {
            Assert.DoesNotContain(all, e => e.Message.Contains(secret, StringComparison.Ordinal));
        }
    }
}
