using System.Globalization;
using System.Text;
using System.Text.Json;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Redis, the management frontend and several query frontend processes with ids <c>qf-0</c>, <c>qf-1</c>, ...;
/// an app <c>app</c> (doubles, 20 s objective) linked to the model <c>slow:1</c> (batch size 16).
/// </summary>
public sealed class FrontendCluster(RedisServer redis, ManagementFrontendHost management, HttpClient http, RedisConfigurationStore store) : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public List<FrontendHandle> Frontends { get; } = [];

    public HttpClient Http => http;

    public RedisConfigurationStore Store => store;

    public RedisServer Redis => redis;

    public async Task AdminAsync(string path, object body)
    {
        using var response = await http.PostAsync(new Uri(management.BaseAddress, "admin/" + path), new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"/admin/{path}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Waits until every frontend answers a prediction from the model (each container reached each frontend).</summary>
    public async Task WaitUntilEachServesAsync(params ModelProcess[] models)
    {
        foreach (var frontend in Frontends)
        {
            await Eventually.TrueAsync(async () =>
            {
                using var response = await http.PostAsync(frontend.PredictUrl, new StringContent("""{"input": [1, 2]}""", Encoding.UTF8, "application/json"));
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return response.IsSuccessStatusCode && !body.RootElement.GetProperty("default").GetBoolean();
            }, s_timeout, () => string.Concat(Frontends.Select(f => "\n=== " + f.Id + "\n" + f.Process.Output)) + "\n=== models\n" + string.Concat(models.Select(m => m.Output)));
        }

        // Each container connected to each frontend: the replica records say so.
        await Eventually.TrueAsync(async () =>
        {
            var configuration = await store.LoadAsync();
            return configuration.Replicas.Count == Frontends.Count * models.Length;
        }, s_timeout, () => string.Concat(models.Select(m => m.Output)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var frontend in Frontends)
        {
            await frontend.Process.DisposeAsync();
        }

        await store.DisposeAsync();
        http.Dispose();
        await management.DisposeAsync();
        await redis.DisposeAsync();
    }

    public static async Task<FrontendCluster> StartAsync(int frontends)
    {
        var redis = await RedisServer.StartAsync();
        var management = await ManagementFrontendHost.StartAsync(redis.Address, "clipper:");
        var http = new HttpClient { Timeout = s_timeout };
        var cluster = new FrontendCluster(redis, management, http, RedisConfigurationStore.Connect(new RedisStoreOptions { RedisAddress = redis.Address }));
        await cluster.AdminAsync("add_app", new { name = "app", input_type = "doubles", default_output = "-1", latency_slo_micros = 20_000_000 });
        await cluster.AdminAsync("add_model", new { model_name = "slow", model_version = "1", labels = Array.Empty<string>(), input_type = "doubles", container_name = "example", model_data_path = "", batch_size = 16, cache_bytes = 0 });
        await cluster.AdminAsync("add_model_links", new { app_name = "app", model_names = new[] { "slow" } });
        for (var i = 0; i < frontends; i++)
        {
            var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http, "--frontend-id", "qf-" + i.ToString(CultureInfo.InvariantCulture));
            cluster.Frontends.Add(new FrontendHandle(frontend, "qf-" + i.ToString(CultureInfo.InvariantCulture)));
        }

        return cluster;
    }

    public sealed record FrontendHandle(FrontendProcess Process, string Id)
    {
        public int RpcPort => Process.RpcPort;

        public Uri PredictUrl => new($"http://127.0.0.1:{Process.HttpPort}/app/predict");

        public Task KillAsync(TimeSpan timeout) => Process.KillAsync(timeout);
    }
}
