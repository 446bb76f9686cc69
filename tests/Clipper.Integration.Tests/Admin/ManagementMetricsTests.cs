using System.Globalization;
using System.Net;
using System.Text;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Admin;

/// <summary>
/// The management frontend as its own process answers <c>GET /metrics</c> in Prometheus's text without credentials:
/// after known admin operations it counts each by operation and status, and the operations Redis failed.
/// </summary>
public sealed class ManagementMetricsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_AfterKnownAdminOperations_CountEachByOperationAndStatusExactly()
    {
        await using var redis = await RedisServer.StartAsync();
        var port = FreePort.Next();
        await using var management = ClipperProcess.Start(
            new Dictionary<string, string>(), "management-frontend", "--redis", redis.Address, "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture));
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return (await http.GetAsync("readyz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            s_timeout,
            () => management.Output);

        const string App = """{"name": "app", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 100000}""";
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, "add_app", App));
        var again = await PostAsync(http, "add_app", App);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(http, "add_app", """{"name": """));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, "get_application", """{"name": "app"}"""));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, "get_application", """{"name": "app"}"""));

        await redis.StopAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PostAsync(http, "get_all_applications", """{"verbose": false}"""));

        using var response = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        const string Operations = "clipper_management_operations_total";
        Assert.Equal("counter", metrics.Types[Operations]);
        Assert.Equal(1, metrics.Value(Operations, "operation=add_app", "status=200"));
        Assert.Equal(2, metrics.Value(Operations, "operation=add_app", "status=400"));
        Assert.Equal(2, metrics.Value(Operations, "operation=get_application", "status=200"));
        Assert.Equal(1, metrics.Value(Operations, "operation=get_all_applications", "status=503"));
        Assert.Equal(6, metrics.Find(Operations).Sum(s => s.Value));
        Assert.Equal(1, metrics.Value("clipper_management_store_errors_total", "operation=get_all_applications"));
        Assert.Equal(1, metrics.Find("clipper_management_store_errors_total").Sum(s => s.Value));
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string operation, string body)
    {
        using var response = await http.PostAsync("admin/" + operation, new StringContent(body, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }
}
