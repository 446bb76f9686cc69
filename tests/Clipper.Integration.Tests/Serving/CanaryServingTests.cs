using System.Text.Json;

namespace Clipper.Integration.Tests.Serving;

/// <summary>Canary rollouts under load, over real model processes: version 1 answers 1.0, version 2 the input's sum (3) or fails.</summary>
public sealed class CanaryServingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Canary_ThatHolds_WidensStepByStepAndIsPromotedWithEveryQueryAnswered()
    {
        await using var cluster = await StartTwoVersionsAsync("sum");
        await using var load = PredictLoad.Start(cluster.Http, new Uri($"http://127.0.0.1:{cluster.HttpPort}/app/predict"), clients: 4);
        await Eventually.TrueAsync(() => Task.FromResult(load.Served >= 20), s_timeout, load.ToString);

        await cluster.AdminOkAsync("start_canary", """{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 20, "step": 40, "interval_seconds": 1}""");
        await Eventually.TrueAsync(async () => (await CanaryAsync(cluster)).GetProperty("state").GetString() == "promoted", s_timeout, () => load.ToString());

        await load.StopAsync(s_timeout);
        Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load.ToString());
        var (_, body, _) = await cluster.PredictAsync("app", """{"input": [1, 2]}""");
        Assert.Equal(3.0, body.GetProperty("output").GetDouble());
    }

    [Fact]
    public async Task Canary_ThatFails_IsRolledBackAtOnceAndNothingFailsAfterItsWindow()
    {
        await using var cluster = await StartTwoVersionsAsync("fail");
        const int Clients = 8;
        await using var load = PredictLoad.Start(cluster.Http, new Uri($"http://127.0.0.1:{cluster.HttpPort}/app/predict"), Clients);
        await Eventually.TrueAsync(() => Task.FromResult(load.Served >= 20), s_timeout, load.ToString);

        await cluster.AdminOkAsync("start_canary", """{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 10, "step": 10, "interval_seconds": 30}""");
        await Eventually.TrueAsync(async () => (await CanaryAsync(cluster)).GetProperty("state").GetString() == "rolled_back", s_timeout, () => load.ToString());

        // Only queries routed to version 2 before its first failure was counted may fail: those in its queue and batch
        // (at most one per client), and those routed while that failure travelled from the replica's answer to the
        // frontend's window (a few more on a loaded machine). Nothing fails after that window.
        var failedInWindow = load.Defaults;
        Assert.InRange(failedInWindow, 1, 4 * Clients);
        var served = load.Served;
        await Eventually.TrueAsync(() => Task.FromResult(load.Served >= served + 200), s_timeout, load.ToString);
        await load.StopAsync(s_timeout);
        Assert.Equal(failedInWindow, load.Defaults);
        Assert.Empty(load.Failures);
        var canary = await CanaryAsync(cluster);
        Assert.Contains("error rate", canary.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Version 1 (noop) current and serving; version 2 (<paramref name="kind"/>) registered and connected, not current.</summary>
    private static async Task<ServingCluster> StartTwoVersionsAsync(string kind)
    {
        var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "m", "1", "doubles");
        cluster.StartModel("noop", "m", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [0]}""");
        var second = cluster.StartModel(kind, "m", "2", "doubles");
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "m") == 2, s_timeout, () => second.Output);
        await cluster.AdminOkAsync("add_model", """{"model_name": "m", "model_version": "2", "labels": [], "input_type": "doubles", "container_name": "x", "model_data_path": "", "batch_size": -1, "cache_bytes": 0}""");
        await cluster.AdminOkAsync("set_model_version", """{"model_name": "m", "model_version": "1"}""");
        return cluster;
    }

    private static async Task<JsonElement> CanaryAsync(ServingCluster cluster)
    {
        using var response = await cluster.AdminAsync("get_canary", """{"app_name": "app"}""");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
