using System.Net;
using System.Text;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.QueryFrontend;
using Clipper.QueryFrontend.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.Integration.Tests.Serving;

/// <summary>The prediction path must not log per request: at thousands of requests a second that costs more than serving.</summary>
public sealed class RequestLoggingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Predict_HostLogsEveryLevel_LeavesNoAspNetCoreInformationLines()
    {
        await using var redis = await RedisServer.StartAsync();
        using var capture = new LogCapture();
        var options = new QueryFrontendOptions { RedisAddress = redis.Address, BindAddress = "127.0.0.1", HttpPort = FreePort.Next(), RpcPort = FreePort.Next() };
        await using var frontend = QueryFrontendServer.Create(options, logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        await frontend.StartAsync().WaitAsync(s_timeout);
        using var http = new HttpClient { Timeout = s_timeout };

        for (int i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync($"http://127.0.0.1:{frontend.HttpPort}/no-such-app/predict", new StringContent("{\"input\": [1.0]}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        await frontend.StopAsync().WaitAsync(s_timeout);

        // The capture works (the host's own lifecycle lines arrive), and none of them is a request line.
        Assert.Contains(capture.Entries, e => e.Category.StartsWith("Microsoft.Hosting.Lifetime", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level < LogLevel.Warning);
    }
}
