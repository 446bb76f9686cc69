using System.Net;
using System.Text.RegularExpressions;
using static Clipper.Integration.Tests.Serving.OipClient;

namespace Clipper.Integration.Tests.Serving;

/// <summary>How inference requests are batched and answered when the model cannot answer: defaults marked, or errors for unlinked models.</summary>
public sealed partial class OipServingTests
{
    [Fact]
    public async Task Infer_RowsOfOneRequestAndOfConcurrentRequests_ShareTheModelsBatches()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("slow", "sleepy", "1", "doubles", sloMicros: 30_000_000, batchSize: 16);
        var model = cluster.StartModel("sleep", "sleepy", "1", "doubles", "--sleep-ms", "2000", "--log-batches");
        await Eventually.TrueAsync(async () => (await GetAsync(cluster, "/v2/models/sleepy/ready")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        // One query holds the replica; everything sent meanwhile queues and leaves in the next batch.
        var busy = await cluster.PredictInFlightAsync("slow", """{"input": [0]}""");
        var first = InferAsync(cluster, "/v2/models/sleepy/infer", Doubles("a", [1], [2], [3]));
        var second = InferAsync(cluster, "/v2/models/sleepy/versions/1/infer", Doubles("b", [4], [5]));
        var predict = cluster.PredictAsync("slow", """{"input": [6]}""");
        var answers = await Task.WhenAll(first, second);
        await predict;
        await busy;

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(["1.0", "1.0", "1.0"], Data(answers[0].Body));
        Assert.Equal(2, Data(answers[1].Body).Length);
        var sizes = BatchLine().Matches(model.Output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(sizes.Contains(6), $"the 3 + 2 rows and the prediction did not share one batch; batch sizes seen by the model: {string.Join(", ", sizes)}");
    }

    [Fact]
    public async Task Infer_LinkedModelWithoutReplica_AnswersTheAppsDefaultMarkedPerRow()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("lonely", "nobody", "1", "doubles", defaultOutput: "-1");
        // The model reaches the frontend before its link does (add_model, then add_model_links): until the link
        // arrives the model is linked to no app and a row without a replica is an error, so wait for the link.
        await Eventually.TrueAsync(async () => (await InferAsync(cluster, "/v2/models/nobody/infer", Doubles("w", [0]))).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var (status, body, _) = await InferAsync(cluster, "/v2/models/nobody/infer", Doubles("d", [1], [2]));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["-1", "-1"], Data(body));
        var parameters = body.GetProperty("outputs")[0].GetProperty("parameters");
        Assert.Equal("0,1", parameters.GetProperty("default_rows").GetString());
        Assert.Equal("No connected models found for query", parameters.GetProperty("default_explanation_0").GetString());
        Assert.Equal("No connected models found for query", parameters.GetProperty("default_explanation_1").GetString());
    }

    [Fact]
    public async Task Infer_UnlinkedModel_MissingItsObjectiveIsAnErrorNotAnInventedDefault()
    {
        await using var cluster = await ServingCluster.StartAsync(options => options.OipLatencyObjective = TimeSpan.FromMilliseconds(300));
        await cluster.AdminOkAsync("add_model", """{"model_name": "alone", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "example", "model_data_path": "", "batch_size": 1}""");
        await cluster.AdminOkAsync("add_model", """{"model_name": "sleepy", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "example", "model_data_path": "", "batch_size": 1}""");
        cluster.StartModel("sleep", "sleepy", "1", "doubles", "--sleep-ms", "2000");
        await Eventually.TrueAsync(async () => (await GetAsync(cluster, "/v2/models/sleepy/ready")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var noReplica = await InferAsync(cluster, "/v2/models/alone/infer", Doubles("n", [1]));
        var tooSlow = await InferAsync(cluster, "/v2/models/sleepy/infer", Doubles("s", [1]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, noReplica.Status);
        Assert.Equal("Model alone:1 gave no answer for row 0: No connected models found for query. The model is linked to no application, so it has no default output to answer with (its latency objective, 300 ms, is option OipLatencyObjective, --oip-latency-slo-ms).",
            noReplica.Body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.GatewayTimeout, tooSlow.Status);
        Assert.Contains("Failed to retrieve a prediction response within the specified latency SLO", tooSlow.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"holding a batch of (\d+) input")]
    private static partial Regex BatchLine();
}
