using System.Net;
using static Clipper.Integration.Tests.Serving.KeyedFrontend;
using static Clipper.Integration.Tests.Serving.OipClient;

namespace Clipper.Integration.Tests.Serving;

/// <summary>Inference requests the frontend refuses, each with the protocol's error object and a precise message.</summary>
public sealed class OipRefusalTests
{
    [Fact]
    public async Task Infer_BadRequests_Get400Or404Or413WithAnErrorNamingTheProblem()
    {
        await using var cluster = await ServingCluster.StartAsync(options => options.MaxRequestBodyBytes = 4096);
        await cluster.DeployAsync("sum-app", "sum", "1", "doubles");
        await Eventually.TrueAsync(async () => (await GetAsync(cluster, "/v2/models/sum")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var tooLarge = Doubles("big", [.. Enumerable.Repeat(new[] { 1.0 }, 1500)]);

        var cases = new (string Path, string Body, HttpStatusCode Status, string Error)[]
        {
            ("/v2/models/nope/infer", Doubles("a", [1]), HttpStatusCode.NotFound, "Unknown model 'nope'"),
            ("/v2/models/sum/versions/2/infer", Doubles("a", [1]), HttpStatusCode.NotFound, "Unknown version '2' of model 'sum'"),
            ("/v2/models/sum/infer", "{\"inputs\": [", HttpStatusCode.BadRequest, "The request body is not valid JSON"),
            ("/v2/models/sum/infer", """{"inputs": [{"name": "x", "datatype": "INT32", "shape": [1], "data": [1]}]}""", HttpStatusCode.BadRequest,
                "Input tensor 'x' has datatype INT32; model sum:1 takes doubles inputs, so it expects FP64 (or FP32)."),
            ("/v2/models/sum/infer", """{"inputs": [{"name": "a", "datatype": "FP64", "shape": [1], "data": [1]}, {"name": "b", "datatype": "FP64", "shape": [1], "data": [1]}]}""",
                HttpStatusCode.BadRequest, "The inference request has 2 input tensors; Clipper models take exactly one input"),
            ("/v2/models/sum/infer", """{"inputs": [{"name": "x", "datatype": "FP64", "shape": [2, 2], "data": [1, 2, 3]}]}""", HttpStatusCode.BadRequest,
                "Input tensor 'x' has 3 elements in 'data'; its shape [2, 2] holds 4."),
            ("/v2/models/sum/infer", """{"inputs": [{"name": "x", "datatype": "FP64", "shape": [1], "data": [1]}], "outputs": [{"name": "probabilities"}]}""",
                HttpStatusCode.BadRequest, "Requested output 'probabilities' is not an output of this model"),
            ("/v2/models/sum/infer", tooLarge, HttpStatusCode.RequestEntityTooLarge, "larger than 4096 bytes (option MaxRequestBodyBytes)"),
        };

        foreach (var (path, body, status, error) in cases)
        {
            var answer = await InferAsync(cluster, path, body);
            Assert.True(answer.Status == status, $"{path} {body}: expected {(int)status}, got {(int)answer.Status}: {answer.Body}");
            Assert.Contains(error, answer.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Single(answer.Body.EnumerateObject());
        }
    }

    [Fact]
    public async Task Infer_ModelOfAnAppRequiringAKey_Answers401WithoutOneOfItsKeys()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("keyed", "sum", "1", "doubles");
        cluster.StartModel("sum", "sum", "1", "doubles");
        await InferUntilServedAsync(cluster, "/v2/models/sum/infer", Doubles("a", [1]));
        var key = "";
        await ChangeAndWaitAsync(cluster.Frontend!, async () =>
        {
            await cluster.AdminOkAsync("set_require_key", """{"app_name": "keyed", "require_key": true}""");
            key = await ApiKeyTests.CreateKeyAsync(cluster, "keyed");
        }, snapshot => snapshot.Applications["keyed"].RequireKey && snapshot.Applications["keyed"].ApiKeys.Length == 1);

        var missing = await InferAsync(cluster, "/v2/models/sum/infer", Doubles("a", [1, 2]));
        var invalid = await InferAsync(cluster, "/v2/models/sum/infer", Doubles("a", [1, 2]), ("X-Clipper-Api-Key", "ck_nope"));
        var bearer = await InferAsync(cluster, "/v2/models/sum/infer", Doubles("a", [1, 2]), ("Authorization", "Bearer " + key));
        var dedicated = await InferAsync(cluster, "/v2/models/sum/infer", Doubles("a", [1, 2]), ("X-Clipper-Api-Key", key));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("Bearer realm=\"clipper\"", missing.Response.Headers.WwwAuthenticate.ToString());
        Assert.StartsWith("API key required: model 'sum' is linked to applications that require an API key (keyed)", missing.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, invalid.Status);
        Assert.StartsWith("invalid API key", invalid.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bearer.Status);
        Assert.Equal([3.0], Data(bearer.Body).Select(d => double.Parse(d, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, dedicated.Status);
    }

    [Fact]
    public async Task Infer_QueueFull_Answers503WithRetryAfter()
    {
        await using var cluster = await ServingCluster.StartAsync(options => options.Batching.QueueCapacity = 2);
        await cluster.DeployAsync("slow", "sleepy", "1", "doubles", sloMicros: 20_000_000, batchSize: 1, cacheBytes: 0);
        cluster.StartModel("sleep", "sleepy", "1", "doubles", "--sleep-ms", "3000");
        await Eventually.TrueAsync(async () => (await GetAsync(cluster, "/v2/models/sleepy/ready")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var busy = await cluster.PredictInFlightAsync("slow", """{"input": [1]}""");

        var (status, body, response) = await InferAsync(cluster, "/v2/models/sleepy/infer", Doubles("full", [1], [2], [3]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.StartsWith("Model sleepy:1 already holds its maximum of queued queries (option Batching.QueueCapacity)", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await busy).Status);
    }
}
