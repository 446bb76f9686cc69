using System.Net;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

/// <summary>Owns its Redis server, since it stops it.</summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task Post_WhileRedisIsAway_Answers503AndSucceedsAgainOnceItIsBack()
    {
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        var frontend = scope.Add(await ManagementFrontendHost.StartAsync(server.Address, configure: o => o.RedisOperationTimeout = TimeSpan.FromSeconds(1)).WithTimeout());
        await frontend.AddAppAsync("before");

        await server.StopAsync();
        var unavailable = await frontend.PostAsync("add_app", new { name = "during", input_type = "doubles", default_output = "-1", latency_slo_micros = 1000 });
        var ping = await frontend.Client.GetStringAsync("admin/ping").WithTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.Status);
        Assert.Contains(server.Address, unavailable.Body, StringComparison.Ordinal);
        Assert.Equal("PONG", ping);

        await server.RestartAsync().WithTimeout();
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        AdminResponse response;
        do
        {
            // The frontend reconnects on its own; until then it keeps answering 503.
            await Task.Delay(100, timeout.Token);
            response = await frontend.PostAsync("add_app", new { name = "after", input_type = "doubles", default_output = "-1", latency_slo_micros = 1000 });
        }
        while (response.Status == HttpStatusCode.ServiceUnavailable);

        response.AssertOk();
    }

    [Fact]
    public async Task Start_BeforeRedis_ServesOnceRedisIsUp()
    {
        await using var scope = new TestScope();
        var server = scope.Add(await RedisServer.StartAsync().WithTimeout());
        await server.StopAsync();
        var frontend = scope.Add(await ManagementFrontendHost.StartAsync(server.Address, configure: o => o.RedisOperationTimeout = TimeSpan.FromSeconds(1)).WithTimeout());
        Assert.Equal("PONG", await frontend.Client.GetStringAsync("admin/ping").WithTimeout());

        await server.RestartAsync().WithTimeout();
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        AdminResponse response;
        do
        {
            await Task.Delay(100, timeout.Token);
            response = await frontend.PostAsync("get_all_applications", new { verbose = false });
        }
        while (response.Status == HttpStatusCode.ServiceUnavailable);

        Assert.Equal("[]", response.AssertOk().Body);
    }
}
