using System.Net;

namespace Clipper.Integration.Tests.Serving;

/// <summary>The prediction cache in front of real model processes: repeated and concurrent identical queries, and versions.</summary>
public sealed class PredictionCacheServingTests
{
    [Fact]
    public async Task RepeatedQuery_IsEvaluatedOnce_AndAnsweredFromTheCacheAfterwards()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        cluster.StartModel("sum", "sum", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [1, 2]}""");
        var sent = await cluster.CounterAsync("sent_to_replicas");
        var hits = await cluster.CounterAsync("cache:hit");

        for (var i = 0; i < 20; i++)
        {
            var (status, body, _) = await cluster.PredictAsync("app", """{"input": [1, 2]}""");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.False(body.GetProperty("default").GetBoolean());
            Assert.Equal(3.0, body.GetProperty("output").GetDouble());
        }

        Assert.Equal(sent, await cluster.CounterAsync("sent_to_replicas"));
        Assert.Equal(hits + 20, await cluster.CounterAsync("cache:hit"));

        // Another input is the model's again.
        var other = await cluster.PredictUntilServedAsync("app", """{"input": [5, 5]}""");
        Assert.Equal(10.0, other.GetProperty("output").GetDouble());
        Assert.Equal(sent + 1, await cluster.CounterAsync("sent_to_replicas"));
    }

    [Fact]
    public async Task HundredIdenticalConcurrentQueries_AreOneModelEvaluation()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "slow", "1", "doubles", sloMicros: 30_000_000);
        cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "1000");
        await cluster.PredictUntilServedAsync("app", """{"input": [0]}""");
        var sent = await cluster.CounterAsync("sent_to_replicas");

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => cluster.PredictAsync("app", """{"input": [42]}""")));

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.Status);
            Assert.False(a.Body.GetProperty("default").GetBoolean(), a.Body.ToString());
        });
        Assert.Equal(sent + 1, await cluster.CounterAsync("sent_to_replicas"));
        Assert.Equal(99, await cluster.CounterAsync("cache:coalesced") + await cluster.CounterAsync("cache:hit"));
    }

    [Fact]
    public async Task NewCurrentVersion_NeverAnswersFromTheOldVersionsCache()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "m", "1", "doubles");
        cluster.StartModel("sum", "m", "1", "doubles");
        var first = await cluster.PredictUntilServedAsync("app", """{"input": [2, 2]}""");
        Assert.Equal(4.0, first.GetProperty("output").GetDouble());
        var held = cluster.StartModel("noop", "m", "2", "doubles");
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "m") == 2, TimeSpan.FromSeconds(30), () => held.Output);

        await cluster.AdminOkAsync("add_model", """{"model_name": "m", "model_version": "2", "labels": [], "input_type": "doubles", "container_name": "x", "model_data_path": "", "batch_size": -1}""");

        // From the first answer after the switch on, every answer is version 2's.
        await Eventually.TrueAsync(async () => (await cluster.PredictAsync("app", """{"input": [2, 2]}""")).Body.GetProperty("output").GetRawText() != "4", TimeSpan.FromSeconds(30));
        var (_, body, _) = await cluster.PredictAsync("app", """{"input": [2, 2]}""");
        Assert.Equal("1.0", body.GetProperty("output").GetRawText());
    }

    [Fact]
    public async Task DeletedAndReRegisteredVersion_StartsWithAnEmptyCache()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "m", "1", "doubles");
        var sum = cluster.StartModel("sum", "m", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [2, 2]}""");

        await cluster.AdminOkAsync("delete_versioned_model", """{"model_name": "m", "model_version": "1"}""");
        await sum.KillAsync();
        cluster.StartModel("noop", "m", "1", "doubles");
        await cluster.AdminOkAsync("add_model", """{"model_name": "m", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "x", "model_data_path": "", "batch_size": -1}""");

        var body = await cluster.PredictUntilServedAsync("app", """{"input": [2, 2]}""");
        Assert.Equal("1.0", body.GetProperty("output").GetRawText());
    }
}
