using System.Net;
using System.Text.Json;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Python;

/// <summary>The real .NET query frontend serving Python model containers (clipper_rpc) run as separate processes.</summary>
public sealed class PythonServingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("integers", "[1, -2, 2147483647]", """{"type":"ndarray:int32","value":[1,-2,2147483647]}""")]
    [InlineData("floats", "[0.5, -1.25]", """{"type":"ndarray:float32","value":[0.5,-1.25]}""")]
    [InlineData("doubles", "[0.1, 1e300]", """{"type":"ndarray:float64","value":[0.1,1e+300]}""")]
    [InlineData("bytes", "\"AAH/\"", """{"type":"bytes","value":"AAH/"}""")]
    [InlineData("strings", "\"héllo wörld\"", """{"type":"str","value":"héllo wörld"}""")]
    public async Task Predict_EveryInputType_ThePythonFunctionReceivesItAndAnswers(string inputType, string input, string expected)
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "described", "1", inputType);
        await using var model = PythonProcess.Start("describe", "described", "1", inputType, cluster.RpcPort);

        var answer = await PredictUntilServedAsync(cluster, "{\"input\": " + input + "}", model);

        Assert.Equal(Normalize(expected), Normalize(answer.GetProperty("output").GetRawText()));
    }

    [Fact]
    public async Task Predict_BatchWithAFailingInput_FailsOnlyThatInputWithTheModelsMessage()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "picky", "1", "doubles", batchSize: 4);
        await using var model = PythonProcess.Start("picky", "picky", "1", "doubles", cluster.RpcPort);
        await PredictUntilServedAsync(cluster, """{"input": [1, 2]}""", model);

        var (status, body, _) = await cluster.PredictAsync("app", """{"input_batch": [[1, 2], [-3, 1], [4]]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var answers = body.GetProperty("batch_predictions").EnumerateArray().ToList();
        Assert.Equal(3.0, answers[0].GetProperty("output").GetDouble());
        Assert.True(answers[1].GetProperty("default").GetBoolean());
        Assert.Contains("ValueError: negative first value -3.0", answers[1].GetProperty("default_explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal(4.0, answers[2].GetProperty("output").GetDouble());
    }

    [Fact]
    public async Task Dispatch_PythonReplicaKilledMidBatch_RequeuesItsQueryToAnotherReplica()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "slow", "1", "doubles", sloMicros: 20_000_000, batchSize: 1, cacheBytes: 0);
        await using var first = PythonProcess.Start("slow", "slow", "1", "doubles", cluster.RpcPort, new Dictionary<string, string> { ["MODEL_SLEEP_SECONDS"] = "8" });
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "slow") == 1, s_timeout, () => first.Output);

        var pending = await cluster.PredictInFlightAsync("app", """{"input": [2, 3]}""");
        await using var second = PythonProcess.Start("slow", "slow", "1", "doubles", cluster.RpcPort);
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "slow") == 2, s_timeout, () => second.Output);
        ServingCluster.AssertUnanswered(pending, "the first replica was killed");
        await first.KillAsync();

        var (status, body, _) = await pending.WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("default").GetBoolean(), body.ToString());
        Assert.Equal(5.0, body.GetProperty("output").GetDouble());
        Assert.Equal(1, (await cluster.MetricsAsync()).GetProperty("requeued_after_replica_lost").GetInt64());
    }

    [Fact]
    public async Task Drain_SigtermToOneOfTwoPythonReplicasUnderLoad_LosesNoQueryAndExitsZero()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "slow", "1", "doubles", sloMicros: 20_000_000, batchSize: 4, cacheBytes: 0);
        var slowly = new Dictionary<string, string> { ["MODEL_SLEEP_SECONDS"] = "0.05" };
        await using var leaving = PythonProcess.Start("slow", "slow", "1", "doubles", cluster.RpcPort, slowly);
        await using var staying = PythonProcess.Start("slow", "slow", "1", "doubles", cluster.RpcPort, slowly);
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "slow") == 2, s_timeout, () => leaving.Output + staying.Output);
        await using var load = PredictLoad.Start(cluster.Http, new Uri($"http://127.0.0.1:{cluster.HttpPort}/app/predict"), clients: 8);
        await Eventually.TrueAsync(() => Task.FromResult(load.Served >= 100 && leaving.Output.Contains("batch of", StringComparison.Ordinal)), s_timeout, () => load.ToString());

        var exitCode = await leaving.TerminateAsync(s_timeout);
        var servedAtExit = load.Served;
        await Eventually.TrueAsync(() => Task.FromResult(load.Served >= servedAtExit + 100), s_timeout, () => load.ToString());
        await load.StopAsync(s_timeout);

        Assert.Equal(0, exitCode);
        Assert.True(load.Failures.Count == 0 && load.Defaults == 0, load + "\n" + leaving.Output);
        Assert.Contains("drained", leaving.Output, StringComparison.Ordinal);
        Assert.Equal(1, await FaultTests.ReplicaCountAsync(cluster, "slow"));
    }

    internal static async Task<JsonElement> PredictUntilServedAsync(ServingCluster cluster, string json, PythonProcess model)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(async () =>
        {
            var (status, body, _) = await cluster.PredictAsync("app", json);
            last = body;
            return status == HttpStatusCode.OK && !body.GetProperty("default").GetBoolean();
        }, s_timeout, () => $"last answer: {last}; the Python model's output:\n{model.Output}");
        return last;
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
