using System.Net;
using System.Text;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.QueryFrontend;
using Clipper.QueryFrontend.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// A real cluster for one test: redis-server on a free port, the management frontend and a query
/// frontend in this process on free ports, and model containers as separate processes.
/// </summary>
public sealed class ServingCluster : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly List<ModelProcess> _models = [];
    private readonly Action<QueryFrontendOptions>? _configure;

    private ServingCluster(RedisServer redis, ManagementFrontendHost management, Action<QueryFrontendOptions>? configure)
    {
        Redis = redis;
        Management = management;
        _configure = configure;
        Http = new HttpClient { Timeout = s_timeout };
    }

    public RedisServer Redis { get; }

    public ManagementFrontendHost Management { get; }

    public QueryFrontendServer? Frontend { get; private set; }

    public HttpClient Http { get; }

    public int HttpPort { get; private set; }

    public int RpcPort { get; private set; }

    public static async Task<ServingCluster> StartAsync(Action<QueryFrontendOptions>? configure = null)
    {
        var redis = await RedisServer.StartAsync();
        var management = await ManagementFrontendHost.StartAsync(redis.Address, "clipper:");
        var cluster = new ServingCluster(redis, management, configure);
        cluster.HttpPort = FreePort.Next();
        cluster.RpcPort = FreePort.Next();
        await cluster.StartFrontendAsync();
        return cluster;
    }

    /// <summary>Starts (or restarts) the query frontend on the cluster's ports.</summary>
    public async Task StartFrontendAsync()
    {
        var options = new QueryFrontendOptions
        {
            RedisAddress = Redis.Address,
            BindAddress = "127.0.0.1",
            HttpPort = HttpPort,
            RpcPort = RpcPort,
            // The product's default (three silent intervals drop a replica): at 500 ms, healthy replicas were dropped
            // on a loaded two-core machine, failing the fault tests that hold a query for seconds.
            HeartbeatInterval = TimeSpan.FromSeconds(1),
        };
        _configure?.Invoke(options);
        Frontend = QueryFrontendServer.Create(options, logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        await Frontend.StartAsync().WaitAsync(s_timeout);
    }

    public async Task StopFrontendAsync()
    {
        if (Frontend is not null)
        {
            await Frontend.StopAsync().WaitAsync(s_timeout);
            await Frontend.DisposeAsync();
            Frontend = null;
        }
    }

    /// <summary>Starts an example model that reaches the frontend at <paramref name="host"/>, with more variables.</summary>
    public ModelProcess StartModelAt(string host, IReadOnlyDictionary<string, string> environment, string kind, string name, string version, string inputType)
    {
        var model = ModelProcess.Start(kind, name, version, inputType, host, RpcPort, environment);
        _models.Add(model);
        return model;
    }

    public ModelProcess StartModel(string kind, string name, string version, string inputType, params string[] extraArgs)
    {
        var model = ModelProcess.Start(kind, name, version, inputType, RpcPort, extraArgs);
        _models.Add(model);
        return model;
    }

    public Task<HttpResponseMessage> AdminAsync(string path, string json) =>
        Http.PostAsync(new Uri(Management.BaseAddress, "admin/" + path), new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task AdminOkAsync(string path, string json)
    {
        using var response = await AdminAsync(path, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/admin/{path} answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>Registers an app, a model version and the link between them.</summary>
    /// <param name="cacheBytes">The version's prediction cache bound; null leaves the default (on). Tests that count model evaluations of repeated inputs pass 0.</param>
    public async Task DeployAsync(string app, string model, string version, string inputType, long sloMicros = 5_000_000, int batchSize = -1, string defaultOutput = "default", long? cacheBytes = null)
    {
        await AdminOkAsync("add_app", JsonSerializer.Serialize(new { name = app, input_type = inputType, default_output = defaultOutput, latency_slo_micros = sloMicros }));
        await AdminOkAsync("add_model", cacheBytes is null
            ? JsonSerializer.Serialize(new
            {
                model_name = model, model_version = version, labels = Array.Empty<string>(), input_type = inputType,
                container_name = "example", model_data_path = "", batch_size = batchSize,
            })
            : JsonSerializer.Serialize(new
            {
                model_name = model, model_version = version, labels = Array.Empty<string>(), input_type = inputType,
                container_name = "example", model_data_path = "", batch_size = batchSize, cache_bytes = cacheBytes,
            }));
        await AdminOkAsync("add_model_links", JsonSerializer.Serialize(new { app_name = app, model_names = new[] { model } }));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PredictAsync(string app, string json)
    {
        var response = await Http.PostAsync($"http://127.0.0.1:{HttpPort}/{app}/predict", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, response);
    }

    /// <summary>Predicts until the answer is the model's (not a default), e.g. while replicas connect and configuration propagates.</summary>
    public async Task<JsonElement> PredictUntilServedAsync(string app, string json)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(async () =>
        {
            var (status, body, _) = await PredictAsync(app, json);
            last = body;
            return status == HttpStatusCode.OK && body.TryGetProperty("default", out var d) && !d.GetBoolean();
        }, s_timeout, () => $"last answer: {last}; model output: {string.Join("\n---\n", _models.Select(m => m.Output))}");
        return last;
    }

    public async Task<JsonElement> MetricsAsync()
    {
        var text = await MetricsJson.GetStringAsync(Http, $"http://127.0.0.1:{HttpPort}/metrics");
        return JsonDocument.Parse(text).RootElement.GetProperty("counters").Clone();
    }

    /// <summary>One counter of the frontend's <c>GET /metrics</c>, e.g. <c>sent_to_replicas</c> or <c>default:replica_lost</c>.</summary>
    public async Task<long> CounterAsync(string name) => (await MetricsAsync()).GetProperty(name).GetInt64();

    /// <summary>
    /// Sends a prediction and returns once the frontend has written its query to a replica (its <c>sent_to_replicas</c>
    /// counter grew), so that the query is in flight; the returned task completes with the answer. Nothing else may be
    /// sent to replicas meanwhile, or its growth would be mistaken for this query's.
    /// </summary>
    public async Task<Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)>> PredictInFlightAsync(string app, string json)
    {
        var sent = await CounterAsync("sent_to_replicas");
        var pending = PredictAsync(app, json);
        await Eventually.TrueAsync(async () =>
        {
            // Read before the counter: a query answered and still not counted afterwards never reached a replica.
            var answered = pending.IsCompleted;
            if (await CounterAsync("sent_to_replicas") > sent)
            {
                return true;
            }

            if (answered)
            {
                var (status, body, _) = await pending;
                Assert.Fail($"The query was answered ({(int)status}: {body}) without reaching a replica.");
            }

            return false;
        }, s_timeout, () => $"no query was sent to a replica; model output: {string.Join("\n---\n", _models.Select(m => m.Output))}");
        return pending;
    }

    /// <summary>Asserts that a query from <see cref="PredictInFlightAsync"/> is still unanswered, naming its answer when it is not.</summary>
    public static void AssertUnanswered(Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> pending, string moment)
    {
        if (pending.IsCompleted)
        {
            Assert.Fail($"The query was answered before {moment}, so nothing was in flight then: {(pending.IsCompletedSuccessfully ? pending.Result.Body.ToString() : pending.Exception?.ToString())}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var model in _models)
        {
            await model.DisposeAsync();
        }

        await StopFrontendAsync();
        await Management.DisposeAsync();
        await Redis.DisposeAsync();
        Http.Dispose();
    }
}
