using System.Diagnostics;
using System.Net;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>A model version deleted while queries wait for it: they are answered at once, saying why.</summary>
public sealed class ModelVersionRemovalTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DeleteVersionedModel_WhileServing_AnswersQueuedQueriesAtOnceAndItsReplicaFinishesAndReconnects()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "slow", "1", "doubles", sloMicros: 20_000_000, batchSize: 1, cacheBytes: 0);
        // The batch in flight lasts 3 s: the delete must reach the frontend while it runs, also on a loaded machine.
        var model = cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "3000");
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "slow") == 1, s_timeout, () => model.Output);
        var sentBefore = (await cluster.MetricsAsync()).GetProperty("sent_to_replicas").GetInt64();

        // One query in flight on the only replica, three queued behind it.
        var pending = Enumerable.Range(0, 4).Select(_ => cluster.PredictAsync("app", """{"input": [1, 2]}""")).ToArray();
        await Eventually.TrueAsync(async () =>
            (await cluster.MetricsAsync()).GetProperty("sent_to_replicas").GetInt64() == sentBefore + 1
            && await RequestsInProgressAsync(cluster) == 4, s_timeout);

        var deleted = Stopwatch.StartNew();
        var timed = pending.Select(async p =>
        {
            var (status, body, _) = await p;
            return (At: deleted.Elapsed, Status: status, Body: body);
        }).ToArray();
        await cluster.AdminOkAsync("delete_versioned_model", """{"model_name": "slow", "model_version": "1"}""");
        var answers = await Task.WhenAll(timed).WaitAsync(s_timeout);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var removed = answers.Where(a => a.Body.GetProperty("default").GetBoolean()).ToList();
        var served = Assert.Single(answers, a => !a.Body.GetProperty("default").GetBoolean());
        Assert.Equal(1.0, served.Body.GetProperty("output").GetDouble());
        Assert.Equal(3, removed.Count);
        Assert.All(removed, a => Assert.Equal(
            "The model version the query was queued for was removed before a replica took the query",
            a.Body.GetProperty("default_explanation").GetString()));

        // "At once": the change reaches the frontend through Redis in milliseconds; 3 s leaves room for a
        // loaded machine and is still far from the 20 s objective the queries would otherwise have waited out.
        Assert.All(removed, a => Assert.True(a.At < TimeSpan.FromSeconds(3), $"answered {a.At} after the delete"));
        Assert.Equal(3, (await cluster.MetricsAsync()).GetProperty("default:model_version_removed").GetInt64());

        // The replica finished its batch, was told why, and reconnected: held until the version is registered again.
        await Eventually.TrueAsync(() => Task.FromResult(model.Output.Contains("model version slow:1 was removed from the configuration", StringComparison.Ordinal)), s_timeout, () => model.Output);
        await cluster.AdminOkAsync("add_model", """{"model_name": "slow", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "x", "model_data_path": "", "batch_size": 1, "cache_bytes": 0}""");
        await cluster.AdminOkAsync("set_model_version", """{"model_name": "slow", "model_version": "1"}""");
        var again = await cluster.PredictUntilServedAsync("app", """{"input": [2, 2]}""");
        Assert.Equal(1.0, again.GetProperty("output").GetDouble());
        Assert.False(model.HasExited);
    }

    private static async Task<long> RequestsInProgressAsync(ServingCluster cluster)
    {
        var text = await MetricsJson.GetStringAsync(cluster.Http, $"http://127.0.0.1:{cluster.HttpPort}/metrics");
        using var metrics = System.Text.Json.JsonDocument.Parse(text);
        return metrics.RootElement.GetProperty("gauges").GetProperty("requests_in_progress").GetInt64();
    }
}
