using System.Net;
using System.Text;
using Clipper.Admin.Management;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;
using StackExchange.Redis;

namespace Clipper.Integration.Tests.Management;

/// <summary>
/// The management API's limits over real TCP: just under each works, just over gets a 4xx naming the limit (or the
/// connection cut), Redis holds nothing of the refused request, and the frontend keeps serving.
/// </summary>
public sealed class ManagementLimitTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string AddApp = """{"name": "NAME", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 1000}""";

    [Fact]
    public async Task Post_BodyAtMaxRequestBodyBytes_IsStoredAndOneByteMoreGets413StoringNothing()
    {
        await using var frontend = await StartAsync(o => o.MaxRequestBodyBytes = 1024);

        (await frontend.PostAsync("add_app", HttpLimitTests.Pad(App("a"), 1024))).AssertOk();
        var before = await RedisStateAsync(frontend);
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/add_app") { Content = new StringContent(HttpLimitTests.Pad(App("b"), 1025), Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await frontend.Client.SendAsync(request).WithTimeout();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("the limit is 1024 bytes (option MaxRequestBodyBytes)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await RedisStateAsync(frontend));
        await AssertServesAsync(frontend);
    }

    [Fact]
    public async Task Post_BodyAtMaxJsonDepth_IsStoredAndOneLevelMoreGets400StoringNothing()
    {
        await using var frontend = await StartAsync(o => o.MaxJsonDepth = 2);

        await frontend.AddModelAsync("m", "1");
        var before = await RedisStateAsync(frontend);
        var deep = App("b").Replace("}", ", \"extra\": [[1]]}", StringComparison.Ordinal);
        var refused = await frontend.PostAsync("add_app", deep);

        refused.AssertBadRequest("Error parsing JSON: the body nests JSON deeper than 2 levels (option MaxJsonDepth). Expected JSON schema: ");
        Assert.Equal(before, await RedisStateAsync(frontend));
        await AssertServesAsync(frontend);
    }

    [Fact]
    public async Task Post_HeadersAtMaxRequestHeaderCount_AreServedAndOneMoreGets431StoringNothing()
    {
        await using var frontend = await StartAsync(o => o.MaxRequestHeaderCount = 10);

        // Host, Content-Type and Content-Length, plus the padding headers.
        var ok = await ExchangeOnceAsync(frontend, RawHttpConnection.Request("POST", "/admin/add_app", App("a"), Pads(7)));
        var before = await RedisStateAsync(frontend);
        var refused = await ExchangeOnceAsync(frontend, RawHttpConnection.Request("POST", "/admin/add_app", App("b"), Pads(8)));

        Assert.Equal(200, ok.Status);
        Assert.Equal(431, refused.Status);
        Assert.Equal(before, await RedisStateAsync(frontend));
        await AssertServesAsync(frontend);
    }

    [Fact]
    public async Task Post_HeadersUnderMaxRequestHeadersBytes_AreServedAndLargerOnesGet431StoringNothing()
    {
        await using var frontend = await StartAsync(o => o.MaxRequestHeadersBytes = 1024);

        var ok = await ExchangeOnceAsync(frontend, RawHttpConnection.Request("POST", "/admin/add_app", App("a"), "X-Pad: " + new string('a', 850)));
        var before = await RedisStateAsync(frontend);
        var refused = await ExchangeOnceAsync(frontend, RawHttpConnection.Request("POST", "/admin/add_app", App("b"), "X-Pad: " + new string('a', 1100)));

        Assert.Equal(200, ok.Status);
        Assert.Equal(431, refused.Status);
        Assert.Equal(before, await RedisStateAsync(frontend));
        await AssertServesAsync(frontend);
    }

    [Fact]
    public async Task Post_BodySlowerThanMinRequestBodyRate_IsCutOffStoringNothingWhileOthersAreServed()
    {
        await using var frontend = await StartAsync(o =>
        {
            o.MinRequestBodyBytesPerSecond = 100;
            o.MinRequestBodyRateGracePeriod = TimeSpan.FromSeconds(2);
        });
        var body = HttpLimitTests.Pad(App("slow"), 400);
        await using var slow = await RawHttpConnection.ConnectAsync(frontend.BaseAddress.Port);
        await slow.SendAsync($"POST /admin/add_app HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        using var stop = new CancellationTokenSource();
        var drip = HttpLimitTests.DripAsync(slow, body, TimeSpan.FromMilliseconds(300), stop.Token);
        var started = DateTime.UtcNow;

        (await frontend.PostAsync("add_app", App("fast"))).AssertOk();
        var answer = await slow.ReadResponseAsync(TimeSpan.FromSeconds(20));
        var cutAfter = DateTime.UtcNow - started;
        await stop.CancelAsync();
        await drip;

        Assert.True(cutAfter < TimeSpan.FromSeconds(15), $"cut off after {cutAfter}");
        if (answer is not null)
        {
            Assert.Equal(408, answer.Status);
            Assert.Contains("option MinRequestBodyBytesPerSecond", answer.Body, StringComparison.Ordinal);
        }

        Assert.True(await slow.IsClosedAsync(TimeSpan.FromSeconds(10)), "the slow client's connection stayed open");
        Assert.Equal("[\"fast\"]", (await frontend.PostAsync("get_all_applications", new { verbose = false })).Body);
        await AssertServesAsync(frontend);
    }

    [Fact]
    public async Task Post_HeadersSlowerThanRequestHeadersTimeout_AreCutOff()
    {
        await using var frontend = await StartAsync(o => o.RequestHeadersTimeout = TimeSpan.FromSeconds(2));
        await using var slow = await RawHttpConnection.ConnectAsync(frontend.BaseAddress.Port);
        await slow.SendAsync("POST /admin/add_app HTTP/1.1\r\nHost: 127.0.0.1\r\n");

        var answer = await slow.ReadResponseAsync(TimeSpan.FromSeconds(15));

        Assert.True(answer is null || answer.Status == 408, $"expected 408 or a close; got {answer}");
        Assert.True(await slow.IsClosedAsync(TimeSpan.FromSeconds(10)), "the connection stayed open");
        Assert.Equal("[]", (await frontend.PostAsync("get_all_applications", new { verbose = false })).Body);
        await AssertServesAsync(frontend);
    }

    [Fact]
    public async Task Connect_PastMaxConcurrentConnections_IsClosedUntilOneCloses()
    {
        await using var frontend = await StartAsync(o => o.MaxConcurrentConnections = 2);
        var first = await RawHttpConnection.ConnectAsync(frontend.BaseAddress.Port);
        await using var second = await RawHttpConnection.ConnectAsync(frontend.BaseAddress.Port);
        try
        {
            Assert.Equal(200, (await first.ExchangeAsync(RawHttpConnection.Request("GET", "/admin/ping", null))).Status);
            Assert.Equal(200, (await second.ExchangeAsync(RawHttpConnection.Request("GET", "/admin/ping", null))).Status);

            await using (var refused = await RawHttpConnection.ConnectAsync(frontend.BaseAddress.Port))
            {
                Assert.True(await refused.IsClosedAsync(TestTimeouts.Default), "the connection past the limit stayed open");
            }

            Assert.Equal(200, (await second.ExchangeAsync(RawHttpConnection.Request("GET", "/admin/ping", null))).Status);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await Eventually.TrueAsync(async () =>
        {
            await using var next = await RawHttpConnection.ConnectAsync(frontend.BaseAddress.Port);
            await next.SendAsync(RawHttpConnection.Request("GET", "/admin/ping", null));
            return (await next.ReadResponseAsync(TestTimeouts.Default))?.Status == 200;
        }, TestTimeouts.Default);
    }

    private static string App(string name) => AddApp.Replace("NAME", name, StringComparison.Ordinal);

    private static string[] Pads(int count) => Enumerable.Range(0, count).Select(i => $"X-Pad-{i}: {i}").ToArray();

    private Task<ManagementFrontendHost> StartAsync(Action<ManagementFrontendOptions> configure) =>
        ManagementFrontendHost.StartAsync(redis.Server.Address, configure: configure);

    private static async Task<RawHttpResponse> ExchangeOnceAsync(ManagementFrontendHost frontend, string request)
    {
        await using var connection = await RawHttpConnection.ConnectAsync(frontend.BaseAddress.Port);
        return await connection.ExchangeAsync(request);
    }

    private static async Task AssertServesAsync(ManagementFrontendHost frontend)
    {
        (await frontend.PostAsync("add_app", App("after-" + Guid.NewGuid().ToString("N")))).AssertOk();
    }

    /// <summary>Every key under the frontend's prefix with its serialized value: equal snapshots mean nothing was stored.</summary>
    private async Task<string> RedisStateAsync(ManagementFrontendHost frontend)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var database = connection.GetDatabase();
        var entries = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: frontend.KeyPrefix + "*"))
        {
            entries.Add(key.ToString() + "=" + Convert.ToHexString(await database.KeyDumpAsync(key) ?? []));
        }

        entries.Sort(StringComparer.Ordinal);
        return string.Join("\n", entries);
    }
}
