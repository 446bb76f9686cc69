using System.Net;

namespace Clipper.Integration.Tests.Serving;

/// <summary>Changes made through the management API reach a running frontend without a restart.</summary>
public sealed class LiveConfigurationTests
{
    [Fact]
    public async Task Handshake_ContainersOfAnUnregisteredVersion_AreHeldAndServeOnceItIsRegistered()
    {
        await using var cluster = await ServingCluster.StartAsync();
        var model = cluster.StartModel("sum", "early", "1", "doubles");
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "early") == 1, TimeSpan.FromSeconds(30), () => model.Output);

        await cluster.DeployAsync("app", "early", "1", "doubles");

        var body = await cluster.PredictUntilServedAsync("app", """{"input": [3, 4]}""");
        Assert.Equal(7.0, body.GetProperty("output").GetDouble());
    }

    [Fact]
    public async Task SetModelVersion_WhileServing_SwitchesLiveAndRollsBack()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "m", "1", "doubles");
        cluster.StartModel("sum", "m", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [2, 2]}""");
        await cluster.AdminOkAsync("add_model", """{"model_name": "m", "model_version": "2", "labels": [], "input_type": "doubles", "container_name": "x", "model_data_path": "", "batch_size": -1}""");
        cluster.StartModel("noop", "m", "2", "doubles");

        await Eventually.TrueAsync(async () => await ModelOutputAsync(cluster) == "1.0", TimeSpan.FromSeconds(30));
        await cluster.AdminOkAsync("set_model_version", """{"model_name": "m", "model_version": "1"}""");
        await Eventually.TrueAsync(async () => await ModelOutputAsync(cluster) == "4", TimeSpan.FromSeconds(30));
        await cluster.AdminOkAsync("set_model_version", """{"model_name": "m", "model_version": "2"}""");
        await Eventually.TrueAsync(async () => await ModelOutputAsync(cluster) == "1.0", TimeSpan.FromSeconds(30));
    }

    /// <summary>The model's raw output for [2, 2], or null when the answer was a default.</summary>
    private static async Task<string?> ModelOutputAsync(ServingCluster cluster)
    {
        var (_, body, _) = await cluster.PredictAsync("app", """{"input": [2, 2]}""");
        return body.GetProperty("default").GetBoolean() ? null : body.GetProperty("output").GetRawText();
    }

    [Fact]
    public async Task DeleteApp_WhileServing_MakesTheAppUnknown()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        cluster.StartModel("sum", "sum", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [1]}""");

        await cluster.AdminOkAsync("delete_app", """{"name": "app"}""");

        await Eventually.TrueAsync(async () => (await cluster.PredictAsync("app", """{"input": [1]}""")).Status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Drain_ContainerGetsSigterm_AnswersTheBatchItHoldsBeforeItExits()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "slow", "1", "doubles", sloMicros: 20_000_000, batchSize: 1);
        var model = cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "3000", "--log-batches");
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "slow") == 1, TimeSpan.FromSeconds(30));
        var pending = await cluster.PredictInFlightAsync("app", """{"input": [1]}""");

        // A batch that reaches the container after its Goodbye is, by the protocol, re-queued rather than
        // answered: signal only once the container holds the batch.
        await Eventually.TrueAsync(() => Task.FromResult(model.Output.Contains("holding a batch of 1", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), () => model.Output);
        ServingCluster.AssertUnanswered(pending, "SIGTERM");

        var exitCode = await model.TerminateAsync(TimeSpan.FromSeconds(30));
        var (_, body, _) = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.False(body.GetProperty("default").GetBoolean(), body + "\n" + model.Output);
    }

    [Fact]
    public async Task Drain_ContainerGetsSigterm_IsRemovedFromTheReplicaRecords()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        var model = cluster.StartModel("sum", "sum", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [1]}""");
        Assert.Equal(1, await FaultTests.ReplicaCountAsync(cluster, "sum"));

        var exitCode = await model.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "sum") == 0, TimeSpan.FromSeconds(30));
    }
}
