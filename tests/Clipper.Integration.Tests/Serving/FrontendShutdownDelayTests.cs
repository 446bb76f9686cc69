using System.Net;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>A frontend started with <c>--shutdown-delay-ms</c> keeps serving after SIGTERM while it reports not ready, then exits 0.</summary>
public sealed class FrontendShutdownDelayTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Terminate_WithShutdownDelay_ServesNotReadyDuringTheDelayThenExits0()
    {
        await using var redis = await RedisServer.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await using var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http, "--shutdown-delay-ms", "4000");
        var root = new Uri($"http://127.0.0.1:{frontend.HttpPort}/");
        using (var ready = await http.GetAsync(new Uri(root, "ready")))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await frontend.SignalTerminateAsync(s_timeout);

        // Not ready, yet still answering on new connections: a load balancer drops it before its listeners close.
        await Eventually.TrueAsync(
            async () =>
            {
                using var fresh = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                using var ready = await fresh.GetAsync(new Uri(root, "ready"));
                return ready.StatusCode == HttpStatusCode.ServiceUnavailable;
            },
            TimeSpan.FromSeconds(3),
            () => frontend.Output);
        using (var fresh = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
        using (var page = await fresh.GetAsync(root))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.Equal(0, await frontend.WaitForExitAsync(s_timeout));
        Assert.Contains("GET /readyz and GET /ready answer 503", frontend.Output, StringComparison.Ordinal);
    }
}
