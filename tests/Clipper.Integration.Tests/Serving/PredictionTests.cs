using System.Diagnostics;
using System.Net;

namespace Clipper.Integration.Tests.Serving;

/// <summary>Predictions end to end: HTTP → queue → batch → a real container process → HTTP.</summary>
public sealed class PredictionTests
{
    [Fact]
    public async Task Predict_Input_IsAnsweredByTheModelInClippersFormat()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("sum-app", "sum", "1", "doubles");
        cluster.StartModel("sum", "sum", "1", "doubles");

        var body = await cluster.PredictUntilServedAsync("sum-app", """{"input": [1.5, 2.5, 3]}""");

        Assert.Equal(7.0, body.GetProperty("output").GetDouble());
        Assert.False(body.GetProperty("default").GetBoolean());
        Assert.True(body.GetProperty("query_id").GetInt64() > 0);
        Assert.False(body.TryGetProperty("default_explanation", out _));
    }

    [Fact]
    public async Task Predict_InputBatch_IsAnsweredInOrder()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("sum-app", "sum", "1", "integers");
        cluster.StartModel("sum", "sum", "1", "integers");
        await cluster.PredictUntilServedAsync("sum-app", """{"input": [1]}""");

        var (status, body, _) = await cluster.PredictAsync("sum-app", """{"input_batch": [[1, 2], [3, 4], [5], []]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var outputs = body.GetProperty("batch_predictions").EnumerateArray().Select(p => p.GetProperty("output").GetInt64()).ToArray();
        Assert.Equal([3L, 7L, 5L, 0L], outputs);
    }

    [Fact]
    public async Task Predict_StringsOnTheEchoModel_ReturnsThemAsClipperEmbedsThem()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("echo-app", "echo", "1", "strings");
        cluster.StartModel("echo", "echo", "1", "strings");

        var body = await cluster.PredictUntilServedAsync("echo-app", """{"input": "héllo \"world\""}""");

        Assert.Equal("héllo \"world\"", body.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Predict_BytesInput_ArrivesDecodedFromBase64()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("bytes-app", "echo", "1", "bytes");
        cluster.StartModel("echo", "echo", "1", "bytes");
        var payload = Convert.ToBase64String([0, 1, 2, 250, 255]);

        var body = await cluster.PredictUntilServedAsync("bytes-app", $$"""{"input": "{{payload}}"}""");

        Assert.Equal(payload, body.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Predict_ModelWithoutReplica_AnswersTheDefaultOutputAndSaysWhy()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("lonely", "nobody", "1", "doubles", defaultOutput: "-1");
        await Eventually.TrueAsync(async () => (await cluster.PredictAsync("lonely", """{"input": [1]}""")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(20));

        var (status, body, _) = await cluster.PredictAsync("lonely", """{"input": [1]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("default").GetBoolean());
        Assert.Equal(-1, body.GetProperty("output").GetInt32());
        Assert.Equal("No connected models found for query", body.GetProperty("default_explanation").GetString());
        var metrics = await cluster.MetricsAsync();
        Assert.True(metrics.GetProperty("default:no_replica").GetInt64() >= 1);
    }

    [Fact]
    public async Task Predict_ModelSlowerThanTheObjective_AnswersTheDefaultInTime()
    {
        await using var cluster = await ServingCluster.StartAsync();
        var objective = TimeSpan.FromMilliseconds(100);
        await cluster.DeployAsync("slow", "sleepy", "1", "doubles", sloMicros: (long)objective.TotalMicroseconds, batchSize: 1, defaultOutput: "\"too slow\"");
        cluster.StartModel("sleep", "sleepy", "1", "doubles", "--sleep-ms", "2000");
        await Eventually.TrueAsync(async () => await FaultTests.ReplicaCountAsync(cluster, "sleepy") == 1, TimeSpan.FromSeconds(30));

        // A first query warms the HTTP connection and the frontend's code, so the measured one times the deadline alone.
        var (_, warmUp, _) = await cluster.PredictAsync("slow", """{"input": [1]}""");
        Assert.True(warmUp.GetProperty("default").GetBoolean(), warmUp.ToString());
        var clock = Stopwatch.StartNew();
        var (status, body, _) = await cluster.PredictAsync("slow", """{"input": [1]}""");
        var elapsed = clock.Elapsed;

        // In time: at the objective, neither before it (the frontend waits for the model that long) nor when the model answers, seconds later.
        Assert.True(elapsed >= objective, $"answered after {elapsed.TotalMilliseconds:0} ms, before the {objective.TotalMilliseconds:0} ms objective");
        Latency.AssertAnsweredBy(elapsed, objective, "the default answer of the 100 ms objective");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("default").GetBoolean());
        Assert.Equal("too slow", body.GetProperty("output").GetString());
        Assert.Equal("Failed to retrieve a prediction response within the specified latency SLO", body.GetProperty("default_explanation").GetString());
    }

    [Fact]
    public async Task Predict_ModelError_AnswersTheDefaultNamingTheErrorAndTheContainerKeepsServing()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("fail-app", "failing", "1", "strings", defaultOutput: "none");
        var model = cluster.StartModel("fail", "failing", "1", "strings");
        await Eventually.TrueAsync(async () =>
        {
            var (_, body, _) = await cluster.PredictAsync("fail-app", """{"input": "x"}""");
            return body.GetProperty("default_explanation").GetString()!.StartsWith("The model failed", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), () => model.Output);

        var (_, answer, _) = await cluster.PredictAsync("fail-app", """{"input": "x"}""");

        Assert.True(answer.GetProperty("default").GetBoolean());
        Assert.Contains("example failure", answer.GetProperty("default_explanation").GetString(), StringComparison.Ordinal);
        Assert.False(model.HasExited);
        Assert.True((await cluster.MetricsAsync()).GetProperty("default:model_error").GetInt64() >= 1);
    }
}
