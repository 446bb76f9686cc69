namespace Clipper.Integration.Tests.Serving;

/// <summary>Switching a model's current version back and forth while clients predict: every query is answered by a model.</summary>
public sealed class SetVersionUnderLoadTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SetModelVersion_UnderLoad_AnswersEveryQueryFromAModel()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "m", "1", "doubles", cacheBytes: 0);
        cluster.StartModel("sum", "m", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [1, 2]}""");
        var held = cluster.StartModel("noop", "m", "2", "doubles");
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "m") == 2, s_timeout, () => held.Output);
        await cluster.AdminOkAsync("add_model", """{"model_name": "m", "model_version": "2", "labels": [], "input_type": "doubles", "container_name": "x", "model_data_path": "", "batch_size": -1, "cache_bytes": 0}""");
        await cluster.AdminOkAsync("set_model_version", """{"model_name": "m", "model_version": "1"}""");

        await using var load = PredictLoad.Start(cluster.Http, new Uri($"http://127.0.0.1:{cluster.HttpPort}/app/predict"), clients: 8);
        for (var flip = 0; flip < 10; flip++)
        {
            var served = load.Served;
            await cluster.AdminOkAsync("set_model_version", $$"""{"model_name": "m", "model_version": "{{(flip % 2 == 0 ? 2 : 1)}}"}""");

            // Each version serves a while before the next switch.
            await Eventually.TrueAsync(() => Task.FromResult(load.Served >= served + 100), s_timeout, load.ToString);
        }

        await load.StopAsync(s_timeout);
        Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load.ToString());
        Assert.True(load.Served >= 1000, load.ToString());
    }
}
