using System.Net;
using System.Text;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// A real query frontend process, real Redis and real model containers: after a known set of predictions, its
/// <c>GET /metrics</c> in Prometheus's text counts each application, model version and outcome exactly, and the same
/// path with <c>Accept: application/json</c> still answers Clipper's JSON, with the per-application counts.
/// </summary>
/// <remarks>
/// The frontend runs as its own process: an exporter in this process would also count the in-process frontends of the
/// tests running beside this one (they share the meter's name).
/// </remarks>
public sealed class PrometheusMetricsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_AfterKnownPredictions_CountEachAppModelAndOutcomeExactly()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var management = await ManagementFrontendHost.StartAsync(redis.Address, "clipper:");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await AdminAsync(http, management, "add_app", new { name = "sum-app", input_type = "doubles", default_output = "-1", latency_slo_micros = 20_000_000 });
        await AdminAsync(http, management, "add_model", Model("sum", "doubles"));
        await AdminAsync(http, management, "add_model_links", new { app_name = "sum-app", model_names = new[] { "sum" } });
        await AdminAsync(http, management, "add_app", new { name = "fail-app", input_type = "strings", default_output = "no", latency_slo_micros = 20_000_000 });
        await AdminAsync(http, management, "add_model", Model("failing", "strings"));
        await AdminAsync(http, management, "add_model_links", new { app_name = "fail-app", model_names = new[] { "failing" } });
        await AdminAsync(http, management, "add_app", new { name = "lonely-app", input_type = "doubles", default_output = "-1", latency_slo_micros = 20_000_000 });

        await using var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http, "--max-body-bytes", "2048");
        await using var sum = ModelProcess.Start("sum", "sum", "1", "doubles", frontend.RpcPort);
        await using var failing = ModelProcess.Start("fail", "failing", "1", "strings", frontend.RpcPort);
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri(frontend.BaseAddress, "readyz"))).IsSuccessStatusCode, s_timeout, () => frontend.Output);

        // Both replicas connected, as the replica gauge says: from here on every query reaches its model.
        await Eventually.TrueAsync(
            async () =>
            {
                var scrape = await ScrapeAsync(http, frontend);
                return scrape.Value("clipper_frontend_rpc_replicas", "model=sum", "version=1") == 1
                    && scrape.Value("clipper_frontend_rpc_replicas", "model=failing", "version=1") == 1;
            },
            s_timeout,
            () => frontend.Output + sum.Output + failing.Output);

        for (var i = 0; i < 3; i++)
        {
            Assert.False((await PredictAsync(http, frontend, "sum-app", """{"input": [1, 2]}""", HttpStatusCode.OK)).GetProperty("default").GetBoolean());
        }

        var batch = await PredictAsync(http, frontend, "sum-app", """{"input_batch": [[1], [2], [3], [4]]}""", HttpStatusCode.OK);
        Assert.All(batch.GetProperty("batch_predictions").EnumerateArray(), answer => Assert.False(answer.GetProperty("default").GetBoolean()));
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await PredictAsync(http, frontend, "fail-app", """{"input": "x"}""", HttpStatusCode.OK)).GetProperty("default").GetBoolean());
        }

        Assert.True((await PredictAsync(http, frontend, "lonely-app", """{"input": [1]}""", HttpStatusCode.OK)).GetProperty("default").GetBoolean());
        await PredictAsync(http, frontend, "sum-app", """{"input": """, HttpStatusCode.BadRequest);
        await PredictAsync(http, frontend, "no-such-app", """{"input": [1]}""", HttpStatusCode.NotFound);
        await PredictAsync(http, frontend, "sum-app", "{\"input\": [" + string.Join(",", Enumerable.Repeat("1.5", 1500)) + "]}", HttpStatusCode.RequestEntityTooLarge);

        using var response = await http.GetAsync(new Uri(frontend.BaseAddress, "metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        var metrics = PrometheusText.Parse(text);

        const string Queries = "clipper_frontend_queries_total";
        Assert.Equal("counter", metrics.Types[Queries]);
        Assert.Equal(7, metrics.Value(Queries, "app=sum-app", "model=sum", "version=1", "outcome=model"));
        Assert.Empty(metrics.Find(Queries, "app=sum-app", "outcome=default"));
        Assert.Equal(2, metrics.Value(Queries, "app=fail-app", "model=failing", "version=1", "outcome=default", "reason=model_error"));
        Assert.Equal(1, metrics.Value(Queries, "app=lonely-app", "model=", "version=", "outcome=default", "reason=no_replica"));
        Assert.Equal(10, metrics.Find(Queries).Sum(s => s.Value));

        const string Requests = "clipper_frontend_requests_total";
        Assert.Equal(1, metrics.Value(Requests, "app=sum-app", "status=400"));
        Assert.Equal(1, metrics.Value(Requests, "app=", "status=404"));
        Assert.Equal(1, metrics.Value(Requests, "app=sum-app", "status=413"));
        Assert.Equal(3, metrics.Find(Requests).Sum(s => s.Value));

        // Request durations of the answered requests, in seconds buckets (the SDK's default buckets are milliseconds').
        Assert.Equal("histogram", metrics.Types["clipper_frontend_request_duration_seconds"]);
        Assert.Equal(4, metrics.Value("clipper_frontend_request_duration_seconds_count", "app=sum-app"));
        Assert.Equal(4, metrics.Value("clipper_frontend_request_duration_seconds_bucket", "app=sum-app", "le=+Inf"));
        Assert.NotNull(metrics.Value("clipper_frontend_request_duration_seconds_bucket", "app=sum-app", "le=0.0005"));
        Assert.Equal(2, metrics.Value("clipper_frontend_request_duration_seconds_count", "app=fail-app"));
        Assert.Equal(1, metrics.Value("clipper_frontend_request_duration_seconds_count", "app=lonely-app"));

        // Every query sent to a model waited in its queue once and went in one batch.
        Assert.Equal(7, metrics.Value("clipper_frontend_queue_wait_seconds_count", "model=sum", "version=1"));
        Assert.Equal(2, metrics.Value("clipper_frontend_queue_wait_seconds_count", "model=failing", "version=1"));
        Assert.Equal(7, metrics.Value("clipper_frontend_batch_size_sum", "model=sum", "version=1"));
        Assert.InRange(metrics.Value("clipper_frontend_batch_size_count", "model=sum", "version=1")!.Value, 4, 7);
        Assert.Equal(metrics.Value("clipper_frontend_batch_size_count", "model=sum", "version=1"), metrics.Value("clipper_frontend_batch_duration_seconds_count", "model=sum", "version=1"));
        Assert.Equal("gauge", metrics.Types["clipper_frontend_queue_depth"]);
        Assert.Equal(0, metrics.Value("clipper_frontend_queue_depth", "model=sum", "version=1"));
        Assert.Equal(1, metrics.Value("clipper_frontend_rpc_replicas", "model=sum", "version=1"));

        // Clipper's JSON on the same path, for its tools: every counter as before, and the applications.
        var json = await MetricsJson.GetAsync(http, new Uri(frontend.BaseAddress, "metrics").ToString());
        Assert.Equal(7, json.GetProperty("counters").GetProperty("answered_by_model").GetInt64());
        Assert.Equal(2, json.GetProperty("counters").GetProperty("default:model_error").GetInt64());
        var apps = json.GetProperty("apps");
        var sumApp = apps.GetProperty("sum-app");
        Assert.Equal(7, sumApp.GetProperty("answered_by_model").GetInt64());
        Assert.Equal(0, sumApp.GetProperty("defaults").GetProperty("objective_missed").GetInt64());
        Assert.Equal(1, sumApp.GetProperty("refused").GetProperty("400").GetInt64());
        Assert.Equal(1, sumApp.GetProperty("refused").GetProperty("413").GetInt64());
        var latency = sumApp.GetProperty("latency_seconds");
        Assert.Equal(4, latency.GetProperty("count").GetInt64());
        Assert.True(latency.GetProperty("sum").GetDouble() > 0);
        var buckets = latency.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(0.0005, buckets[0][0].GetDouble());
        Assert.Equal("+Inf", buckets[^1][0].GetString());
        Assert.Equal(4, buckets[^1][1].GetInt64());
        Assert.Equal(2, apps.GetProperty("fail-app").GetProperty("defaults").GetProperty("model_error").GetInt64());
        Assert.Equal(1, apps.GetProperty("lonely-app").GetProperty("defaults").GetProperty("no_replica").GetInt64());
        Assert.False(apps.TryGetProperty("", out _));
    }

    [Fact]
    public async Task Metrics_ContainerDroppedForSilenceThenBack_CountsOneReconnectOfItsVersion()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var management = await ManagementFrontendHost.StartAsync(redis.Address, "clipper:");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await AdminAsync(http, management, "add_model", Model("sum", "doubles"));
        await using var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http);
        await using var sum = ModelProcess.Start("sum", "sum", "1", "doubles", frontend.RpcPort);
        await Eventually.TrueAsync(async () => (await ScrapeAsync(http, frontend)).Value("clipper_frontend_rpc_replicas", "model=sum", "version=1") == 1, s_timeout, () => frontend.Output + sum.Output);
        Assert.Null((await ScrapeAsync(http, frontend)).Value("clipper_frontend_rpc_reconnects_total", "model=sum", "version=1"));

        // Frozen, the container misses its heartbeats and the frontend drops it; thawed, it finds its connection closed
        // and connects again, under the same container id.
        await sum.SignalAsync("STOP");
        try
        {
            await Eventually.TrueAsync(async () => (await ScrapeAsync(http, frontend)).Value("clipper_frontend_rpc_replicas", "model=sum", "version=1") == 0, s_timeout, () => frontend.Output);
        }
        finally
        {
            await sum.SignalAsync("CONT");
        }

        await Eventually.TrueAsync(async () => (await ScrapeAsync(http, frontend)).Value("clipper_frontend_rpc_replicas", "model=sum", "version=1") == 1, s_timeout, () => frontend.Output + sum.Output);
        var metrics = await ScrapeAsync(http, frontend);
        Assert.Equal(1, metrics.Value("clipper_frontend_rpc_reconnects_total", "model=sum", "version=1"));
        Assert.Equal(1, metrics.Value("clipper_frontend_rpc_heartbeat_timeouts_total"));

        // The same count on the replica's record, as the management API answers it.
        var reconnects = -1;
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await http.PostAsync(new Uri(management.BaseAddress, "admin/get_all_containers"), new StringContent("{\"verbose\": true}", Encoding.UTF8, "application/json"));
                using var replicas = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                reconnects = replicas.RootElement.GetArrayLength() == 1 ? replicas.RootElement[0].GetProperty("reconnects").GetInt32() : -1;
                return reconnects == 1;
            },
            s_timeout,
            () => $"reconnects on the record: {reconnects}");
    }

    private static async Task<PrometheusText> ScrapeAsync(HttpClient http, FrontendProcess frontend) =>
        PrometheusText.Parse(await http.GetStringAsync(new Uri(frontend.BaseAddress, "metrics")));

    private static object Model(string name, string inputType) => new
    {
        model_name = name, model_version = "1", labels = Array.Empty<string>(), input_type = inputType,
        container_name = "example", model_data_path = "", batch_size = -1, cache_bytes = 0,
    };

    private static async Task AdminAsync(HttpClient http, ManagementFrontendHost management, string path, object body)
    {
        using var response = await http.PostAsync(new Uri(management.BaseAddress, "admin/" + path), new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"/admin/{path}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> PredictAsync(HttpClient http, FrontendProcess frontend, string app, string body, HttpStatusCode expected)
    {
        using var response = await http.PostAsync(new Uri(frontend.BaseAddress, app + "/predict"), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"/{app}/predict answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
